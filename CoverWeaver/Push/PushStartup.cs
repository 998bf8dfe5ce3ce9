using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace CoverWeaver.Push
{
    /// <summary>
    /// Reads the push settings from the environment as soon as the runtime loads, which is when
    /// woven code first runs: a process is configured for push without a line of code.
    /// </summary>
    internal static class PushStartup
    {
        [ModuleInitializer]
        [SuppressMessage("Usage", "CA2255", Justification = "The point is to configure push from the environment in any process that runs woven code.")]
        internal static void Initialize() => CoverPush.StartFromEnvironment();
    }
}

namespace System.Runtime.CompilerServices
{
    /// <summary>The compiler's marker for a module initializer, which netstandard2.0 does not declare.</summary>
    [AttributeUsage(AttributeTargets.Method, Inherited = false)]
    internal sealed class ModuleInitializerAttribute : Attribute
    {
    }
}
