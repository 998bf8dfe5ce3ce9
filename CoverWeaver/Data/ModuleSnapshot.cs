using CoverWeaver.Model;

namespace CoverWeaver.Data
{
    /// <summary>One module's probe table, the assembly build it belongs to, and its counts at one moment.</summary>
    internal sealed class ModuleSnapshot
    {
        public ModuleSnapshot(AssemblyProbeTable assembly, ModuleProbes module, long[] counts)
        {
            Assembly = assembly;
            Module = module;
            Counts = counts;
        }

        /// <summary>The assembly's table; only its name, build, mode and documents are used with <see cref="Module"/>.</summary>
        public AssemblyProbeTable Assembly { get; }

        public ModuleProbes Module { get; }

        /// <summary>One count per slot of <see cref="Module"/>, index 0 being its first slot.</summary>
        public long[] Counts { get; }
    }
}
