using System;
using System.Collections.Generic;
using System.IO;

namespace CoverWeaver.Data
{
    /// <summary>
    /// Adds up the data of modules recorded in several places (files, processes, test projects),
    /// module by module and build by build, under the <see cref="BuildRule"/>. Counts of one build are
    /// added; another build of a module (its code differs: another target framework, an <c>#if</c>)
    /// is kept beside it, never added to it, for reports to combine by source line
    /// (<see cref="ModuleBuilds"/>). Pure: it reads and changes no counters, so imports, the test-run
    /// collector and the tools all sum the same way.
    /// </summary>
    internal static class SnapshotSum
    {
        /// <summary>
        /// One snapshot per build of each module, in the order first seen, each the sum of all its parts.
        /// </summary>
        /// <exception cref="InvalidDataException">
        /// Two parts of one build of a module differ in their number of counters (damage), builds of one
        /// module differ in counting mode (exact counts and set-mode bytes cannot be combined), or a sum
        /// would pass 2^63; the message names the module and where each part came from.
        /// </exception>
        public static List<ModuleSnapshot> Sum(IEnumerable<(ModuleSnapshot Data, string Origin)> parts)
        {
            var sums = new Dictionary<(ModuleId, ulong), (ModuleSnapshot Sum, string Origin)>();
            var firstBuild = new Dictionary<ModuleId, (ModuleSnapshot Sum, string Origin)>();
            var order = new List<(ModuleId, ulong)>();
            foreach (var (data, origin) in parts)
            {
                var id = data.Id;
                var key = (id, data.Module.Fingerprint);
                if (!sums.TryGetValue(key, out var seen))
                {
                    if (firstBuild.TryGetValue(id, out var other) && other.Sum.Mode != data.Mode)
                    {
                        throw Refused(data, origin, other);
                    }

                    var sum = (new ModuleSnapshot(data.Assembly, data.Module, (long[])data.Counts.Clone()), origin);
                    sums[key] = sum;
                    if (!firstBuild.ContainsKey(id))
                    {
                        firstBuild[id] = sum;
                    }

                    order.Add(key);
                    continue;
                }

                if (BuildRule.Mismatch(seen.Sum.Build(Where(seen.Origin, origin)), data.Build(origin)) != null)
                {
                    throw Refused(data, origin, seen);
                }

                AddInto(seen.Sum.Counts, data.Counts, $"{origin}: module {data.Module.Name}");
            }

            var result = new List<ModuleSnapshot>(order.Count);
            foreach (var key in order)
            {
                result.Add(sums[key].Sum);
            }

            return result;
        }

        private static InvalidDataException Refused(ModuleSnapshot data, string origin, (ModuleSnapshot Sum, string Origin) seen) =>
            new InvalidDataException($"{origin}: module {data.Module.Name} of {data.Assembly.AssemblyName} cannot be added: {BuildRule.Mismatch(seen.Sum.Build(Where(seen.Origin, origin)), data.Build(origin))}.");

        private static string Where(string seen, string origin) => seen == origin ? "another part of " + origin : seen;

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
