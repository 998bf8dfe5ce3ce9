using System.Collections.Generic;
using CoverWeaver.Model;

namespace CoverWeaver.Data
{
    /// <summary>
    /// A module and its counts at one moment: the one shape in which counts travel from the
    /// counters to files, nodes, analyses and reports. It holds the module's probe table and the
    /// table of the assembly build it belongs to (name, build, mode and documents).
    /// </summary>
    internal sealed class ModuleSnapshot
    {
        public ModuleSnapshot(AssemblyProbeTable assembly, ModuleProbes module, long[] counts)
        {
            if (counts.Length != module.SlotCount)
            {
                throw new System.ArgumentException($"{module.Name} has {module.SlotCount} slots, not {counts.Length}.", nameof(counts));
            }

            Assembly = assembly;
            Module = module;
            Counts = counts;
        }

        /// <summary>The assembly's table; only its name, build, mode and documents are used with <see cref="Module"/>.</summary>
        public AssemblyProbeTable Assembly { get; }

        public ModuleProbes Module { get; }

        /// <summary>One count per slot of <see cref="Module"/>, index 0 being its first slot.</summary>
        public long[] Counts { get; }

        public ModuleId Id => new ModuleId(Assembly.AssemblyName, Module.Name);

        public IReadOnlyList<string> Documents => Assembly.Documents;

        public CountingMode Mode => Assembly.Mode;

        /// <summary>What the build rule compares, said to be <paramref name="where"/>.</summary>
        public ModuleBuild Build(string where) => ModuleBuild.Of(Assembly, Module, where);

        /// <summary>The count of a slot, numbered as the module's table numbers it.</summary>
        public long this[int slot] => Counts[slot - Module.FirstSlot];
    }
}
