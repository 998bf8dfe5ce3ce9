using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Center.Store;
using CoverWeaver.Data;
using CoverWeaver.Model;

namespace CoverWeaver.Center.Views
{
    /// <summary>
    /// A service's stored counts in one scope, turned back into the shape every reader and writer
    /// of the project takes: <see cref="ModuleSnapshot"/>s, one build of each assembly at a time, so
    /// that the report writers (Cobertura, LCOV, HTML, the line figures) work on center data as they
    /// do on a test run's.
    /// </summary>
    internal sealed class StoredCoverage
    {
        private StoredCoverage(ServiceRecord service, Scope scope, IReadOnlyList<TableRecord> tables, Dictionary<long, long[]> counts)
        {
            Service = service;
            Scope = scope;
            Tables = tables;
            CountsOf = counts;
        }

        public ServiceRecord Service { get; }

        public Scope Scope { get; }

        /// <summary>The assembly builds with data in the scope, oldest first.</summary>
        public IReadOnlyList<TableRecord> Tables { get; }

        public IReadOnlyDictionary<long, long[]> CountsOf { get; }

        /// <summary>
        /// The service's data in <paramref name="scope"/>: the tables the scope has counts of (for
        /// <see cref="Scope.Everything"/>, all of them, so a build nothing ran in shows as 0%).
        /// </summary>
        public static StoredCoverage Read(ICoverageStore store, ServiceRecord service, Scope scope)
        {
            var tables = store.Tables(service.Id);
            if (!scope.All)
            {
                var used = store.RunsWithCounts(service.Id);
                tables = tables.Where(t => used.TryGetValue(t.Id, out var runs) && runs.Contains(scope.RunId!.Value)).ToList();
            }

            return new StoredCoverage(service, scope, tables, store.Counts(scope, tables));
        }

        /// <summary>
        /// The newest build of each assembly, the one first seen last (the one a page shows unless
        /// asked for another): during a rollout the old build may still be pulled after the new one
        /// appeared, and the new one is still the one deployed.
        /// </summary>
        public IReadOnlyList<TableRecord> Newest =>
            Tables.GroupBy(t => t.Assembly).Select(g => g.OrderBy(t => t.FirstSeen).ThenBy(t => t.Id).Last()).OrderBy(t => t.Assembly, System.StringComparer.Ordinal).ToList();

        /// <summary>The builds by their 16-digit id, or the newest of each assembly when <paramref name="builds"/> is empty; null if one is not there.</summary>
        public IReadOnlyList<TableRecord>? Select(IReadOnlyCollection<string> builds)
        {
            if (builds.Count == 0)
            {
                return Newest;
            }

            var chosen = Tables.Where(t => builds.Contains(t.Build)).ToList();
            return chosen.Count == builds.Count ? chosen : null;
        }

        /// <summary>
        /// The modules of <paramref name="tables"/> with their counts in this scope; with
        /// <paramref name="carry"/>, each module also gets the counts its unchanged methods earned in
        /// older builds of its assembly (see <see cref="CarryOver"/>), which <paramref name="carried"/> lists.
        /// </summary>
        public List<ModuleSnapshot> Snapshots(IEnumerable<TableRecord> tables, bool carry = false, List<CarriedMethod>? carried = null)
        {
            var snapshots = new List<ModuleSnapshot>();
            foreach (var table in tables)
            {
                var older = carry ? Tables.Where(t => t.Assembly == table.Assembly && t.Id != table.Id && (t.FirstSeen, t.Id).CompareTo((table.FirstSeen, table.Id)) < 0).ToList() : new List<TableRecord>();
                foreach (var module in table.Table.Modules)
                {
                    var own = Slice(CountsOf[table.Id], module);
                    foreach (var earlier in older)
                    {
                        var same = earlier.Table.Modules.FirstOrDefault(m => m.Name == module.Name);
                        if (same != null)
                        {
                            CarryOver.AddInto(own, module, same, CountsOf[earlier.Id], earlier.Build, carried);
                        }
                    }

                    snapshots.Add(new ModuleSnapshot(table.Table, module, own));
                }
            }

            return snapshots;
        }

        private static long[] Slice(long[] counts, ModuleProbes module)
        {
            var own = new long[module.SlotCount];
            System.Array.Copy(counts, module.FirstSlot, own, 0, module.SlotCount);
            return own;
        }
    }
}
