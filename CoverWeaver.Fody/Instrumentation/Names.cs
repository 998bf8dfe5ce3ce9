using Mono.Cecil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Names as users see them, and the rules that tell what a compiler generated. Generated code
    /// (closures, lambdas, local functions, state machines) is never a module or function of its
    /// own: its lines belong to the user method that holds it in source.
    /// </summary>
    internal static class Names
    {
        /// <summary>The module name of a type, as <c>Type.FullName</c> prints it: <c>Ns.Outer+Inner</c>, <c>Ns.Box`1</c>.</summary>
        public static string ModuleName(TypeReference type) => type.FullName.Replace('/', '+');

        /// <summary>
        /// Whether a type exists only because of the compiler: its name cannot be written in the
        /// source language (C# <c>&lt;&gt;c__DisplayClass0_0</c>, F# <c>clo@12</c>, VB <c>_Closure$__1</c>),
        /// or it says so with <c>[CompilerGenerated]</c>.
        /// </summary>
        public static bool IsGenerated(TypeDefinition type)
        {
            if (type.Module.EntryPoint?.DeclaringType == type)
            {
                // The Program class of top-level statements is marked generated but holds user code.
                return false;
            }

            return IsUnspeakable(type.Name) || HasCompilerGeneratedAttribute(type);
        }

        /// <summary>
        /// Whether a method is generated code that belongs to another method: a lambda, local
        /// function or state-machine method. Compiler-synthesized members with ordinary names
        /// (auto-property accessors, record members) are not: see <see cref="IsSynthesized"/>.
        /// </summary>
        public static bool IsGenerated(MethodDefinition method)
        {
            if (method.Module.EntryPoint == method)
            {
                // Top-level statements compile to an unspeakable <Main>$ that is still the user's code.
                return false;
            }

            return IsUnspeakable(method.Name);
        }

        /// <summary>
        /// Whether a method with an ordinary name was written by the compiler, as it says with
        /// <c>[CompilerGenerated]</c>: auto-property and field-like event accessors, and a record's
        /// synthesized members (copy constructor, <c>Equals</c>, <c>GetHashCode</c>, <c>ToString</c>,
        /// <c>PrintMembers</c>, <c>Deconstruct</c>, <c>EqualityContract</c>; <c>&lt;Clone&gt;$</c>, whose
        /// name is not ordinary, is generated code with no sequence point). They hold no statement
        /// of their own: their only sequence point is the declaration, which a constructor covers
        /// where it has code. They get no probes, which keeps the prologue out of the smallest,
        /// most-called methods there are.
        /// </summary>
        public static bool IsSynthesized(MethodDefinition method)
        {
            return method.Module.EntryPoint != method && HasCompilerGeneratedAttribute(method);
        }

        /// <summary>The user type a generated type sits in, or null when it sits at the top level.</summary>
        public static TypeDefinition? EnclosingUserType(TypeDefinition type)
        {
            var current = type;
            while (current != null && IsGenerated(current))
            {
                current = current.DeclaringType;
            }

            return current;
        }

        private static bool IsUnspeakable(string name)
        {
            return name.IndexOf('<') >= 0 || name.IndexOf('@') >= 0 || name.StartsWith("_Closure$", System.StringComparison.Ordinal) ||
                   name.StartsWith("_Lambda$", System.StringComparison.Ordinal);
        }

        private static bool HasCompilerGeneratedAttribute(ICustomAttributeProvider provider)
        {
            if (!provider.HasCustomAttributes)
            {
                return false;
            }

            foreach (var attribute in provider.CustomAttributes)
            {
                if (attribute.AttributeType.FullName == "System.Runtime.CompilerServices.CompilerGeneratedAttribute")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
