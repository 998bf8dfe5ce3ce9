using System;
using System.Collections.Generic;
using System.IO;

namespace CoverWeaver.Data
{
    /// <summary>
    /// Adds up the data of modules recorded in several places (files, processes, test projects),
    /// module by module, under the <see cref="BuildRule"/>. Pure: it reads and changes no counters,
    /// so imports, the test-run collector and the tools all sum the same way.
    /// </summary>
    internal static class SnapshotSum
    {
        /// <summary>
        /// One snapshot per module, in the order modules were first seen, each the sum of all its parts.
        /// </summary>
        /// <exception cref="InvalidDataException">
        /// Two parts of one module are of different builds or counting modes, or a sum would pass
        /// 2^63; the message names the module and where each part came from.
        /// </exception>
        public static List<ModuleSnapshot> Sum(IEnumerable<(ModuleSnapshot Data, string Origin)> parts)
        {
            var sums = new Dictionary<ModuleId, (ModuleSnapshot Sum, string Origin)>();
            var order = new List<ModuleId>();
            foreach (var (data, origin) in parts)
            {
                var id = data.Id;
                if (!sums.TryGetValue(id, out var seen))
                {
                    sums[id] = (new ModuleSnapshot(data.Assembly, data.Module, (long[])data.Counts.Clone()), origin);
                    order.Add(id);
                    continue;
                }

                var where = seen.Origin == origin ? "another part of " + origin : seen.Origin;
                var mismatch = BuildRule.Mismatch(seen.Sum.Build(where), data.Build(origin));
                if (mismatch != null)
                {
                    throw new InvalidDataException($"{origin}: module {data.Module.Name} of {data.Assembly.AssemblyName} cannot be added: {mismatch}.");
                }

                AddInto(seen.Sum.Counts, data.Counts, $"{origin}: module {data.Module.Name}");
            }

            var result = new List<ModuleSnapshot>(order.Count);
            foreach (var id in order)
            {
                result.Add(sums[id].Sum);
            }

            return result;
        }

        /// <summary>Adds <paramref name="counts"/> into <paramref name="total"/>, refusing a sum past 2^63 as damage.</summary>
        /// <exception cref="InvalidDataException">A sum would pass 2^63; <paramref name="total"/> may be partly added to.</exception>
        public static void AddInto(long[] total, long[] counts, string what)
        {
            for (var i = 0; i < total.Length; i++)
            {
                if (counts[i] > long.MaxValue - total[i])
                {
                    throw new InvalidDataException($"{what}: counter {i} would pass 2^63 when added up (damaged).");
                }

                total[i] += counts[i];
            }
        }
    }
}
