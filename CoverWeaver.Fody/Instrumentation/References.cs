using System.Collections.Generic;
using Mono.Cecil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Which methods of a module use which of its own methods and types in their IL. Compilers
    /// that do not name a closure after its holder (F# <c>add@24</c>, VB <c>_Lambda$__3-0</c>) still
    /// create it, or point at it, from the code that holds it: <c>newobj</c> of its constructor,
    /// <c>ldftn</c> of a lambda, <c>ldsfld</c> of a cached instance, <c>initobj</c> of a struct
    /// state machine.
    /// </summary>
    internal sealed class References
    {
        private readonly Dictionary<MethodDefinition, List<MethodDefinition>> _methodUsers = new Dictionary<MethodDefinition, List<MethodDefinition>>();
        private readonly Dictionary<TypeDefinition, List<MethodDefinition>> _typeUsers = new Dictionary<TypeDefinition, List<MethodDefinition>>();

        public References(IEnumerable<MethodDefinition> methods)
        {
            foreach (var method in methods)
            {
                if (!method.HasBody)
                {
                    continue;
                }

                foreach (var instruction in method.Body.Instructions)
                {
                    switch (instruction.Operand)
                    {
                        case MethodReference target:
                            var targetDefinition = Local(target, method.Module);
                            if (targetDefinition != null)
                            {
                                Add(_methodUsers, targetDefinition, method);
                                AddType(targetDefinition.DeclaringType, method);
                            }

                            break;
                        case FieldReference field:
                            AddType(LocalType(field.DeclaringType, method.Module), method);
                            break;
                        case TypeReference type:
                            AddType(LocalType(type, method.Module), method);
                            break;
                    }
                }
            }
        }

        /// <summary>The methods outside <paramref name="method"/>'s own type that use it directly.</summary>
        public IEnumerable<MethodDefinition> UsersOf(MethodDefinition method) => Outside(_methodUsers, method, method.DeclaringType);

        /// <summary>The methods outside <paramref name="type"/> (and the types nested in it) that use it or its members.</summary>
        public IEnumerable<MethodDefinition> UsersOf(TypeDefinition type) => Outside(_typeUsers, type, type);

        private static IEnumerable<MethodDefinition> Outside<TKey>(Dictionary<TKey, List<MethodDefinition>> users, TKey key, TypeDefinition type)
            where TKey : notnull
        {
            if (!users.TryGetValue(key, out var list))
            {
                yield break;
            }

            foreach (var user in list)
            {
                if (!IsWithin(user.DeclaringType, type))
                {
                    yield return user;
                }
            }
        }

        private static bool IsWithin(TypeDefinition? type, TypeDefinition outer)
        {
            for (var current = type; current != null; current = current.DeclaringType)
            {
                if (current == outer)
                {
                    return true;
                }
            }

            return false;
        }

        private void AddType(TypeDefinition? type, MethodDefinition user)
        {
            if (type != null)
            {
                Add(_typeUsers, type, user);
            }
        }

        private static void Add<TKey>(Dictionary<TKey, List<MethodDefinition>> users, TKey key, MethodDefinition user)
            where TKey : notnull
        {
            if (!users.TryGetValue(key, out var list))
            {
                list = new List<MethodDefinition>();
                users[key] = list;
            }

            if (!list.Contains(user))
            {
                list.Add(user);
            }
        }

        private static MethodDefinition? Local(MethodReference reference, ModuleDefinition module)
        {
            if (reference is MethodDefinition definition)
            {
                return definition.Module == module ? definition : null;
            }

            return LocalType(reference.DeclaringType, module) != null ? Resolve(reference) : null;
        }

        /// <summary>The definition of a type of this module, seen through arrays, generic instances and the like.</summary>
        private static TypeDefinition? LocalType(TypeReference? reference, ModuleDefinition module)
        {
            var element = reference?.GetElementType();
            if (element == null || element is GenericParameter)
            {
                return null;
            }

            if (element is TypeDefinition definition)
            {
                return definition.Module == module ? definition : null;
            }

            return element.Scope == module ? Resolve(element) : null;
        }

        private static MethodDefinition? Resolve(MethodReference reference)
        {
            try
            {
                var resolved = reference.Resolve();
                return resolved?.Module == reference.Module ? resolved : null;
            }
            catch (AssemblyResolutionException)
            {
                return null;
            }
        }

        private static TypeDefinition? Resolve(TypeReference reference)
        {
            try
            {
                var resolved = reference.Resolve();
                return resolved?.Module == reference.Module ? resolved : null;
            }
            catch (AssemblyResolutionException)
            {
                return null;
            }
        }
    }
}
