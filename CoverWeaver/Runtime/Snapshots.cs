using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Data;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// The counts of modules at one moment, as exports, endpoints and pushes send them. With
    /// <c>reset</c>, every counter is taken and restarted from zero in one step, so a series of
    /// such snapshots under load adds up to exactly the hits that happened.
    /// </summary>
    internal static class Snapshots
    {
        /// <summary>Every known module, or those named, in module-name order.</summary>
        public static List<ModuleSnapshot> Take(bool reset, IEnumerable<(WovenAssembly Assembly, Model.ModuleProbes Module)>? modules = null)
        {
            var snapshots = new List<ModuleSnapshot>();
            foreach (var (assembly, module) in modules ?? Registry.Modules())
            {
                var counts = new long[module.SlotCount];
                if (reset)
                {
                    assembly.Counters.ReadAndReset(module.FirstSlot, counts.Length, counts);
                }
                else
                {
                    assembly.Counters.ReadRange(module.FirstSlot, counts.Length, counts);
                }

                snapshots.Add(new ModuleSnapshot(assembly.Table, module, counts));
            }

            return snapshots;
        }

        /// <summary>The export format of a snapshot.</summary>
        public static byte[] Encode(bool reset) => CoverageFile.Encode(Take(reset));
    }
}
