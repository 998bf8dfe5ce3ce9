using System;
using System.Collections.Generic;
using CoverWeaver.Model;

namespace CoverWeaver.Analyses
{
    /// <summary>
    /// A module's probe table with one snapshot of its counters: what every analysis of the
    /// module reads, so that all levels of one analysis agree with each other.
    /// </summary>
    internal sealed class ModuleCounts
    {
        private readonly long[] _counts;

        public ModuleCounts(ModuleProbes module, IReadOnlyList<string> documents, long[] counts, CountingMode mode = CountingMode.Count)
        {
            Counting = mode == CountingMode.Set ? CoverWeaver.Counting.Set : CoverWeaver.Counting.Count;
            if (counts.Length != module.SlotCount)
            {
                throw new ArgumentException($"{module.Name} has {module.SlotCount} slots, not {counts.Length}.", nameof(counts));
            }

            Module = module;
            Documents = documents;
            _counts = counts;
        }

        public ModuleProbes Module { get; }

        /// <summary>Whether calls are counts or only 0 and 1.</summary>
        public Counting Counting { get; }

        public IReadOnlyList<string> Documents { get; }

        public long this[int slot] => _counts[slot - Module.FirstSlot];

        /// <summary>
        /// The executable lines of one clause with their counts: where several sequence points
        /// start on a line, the line ran as often as the most-run of them.
        /// </summary>
        public SortedDictionary<(int Document, int Line), long> LinesOf(ClauseProbes clause)
        {
            var lines = new SortedDictionary<(int, int), long>();
            foreach (var probe in clause.Lines)
            {
                Merge(lines, probe);
            }

            return lines;
        }

        /// <summary>All executable lines of the module, ordered by file path and then line.</summary>
        public IEnumerable<KeyValuePair<(int Document, int Line), long>> Lines()
        {
            var lines = new SortedDictionary<(int Document, int Line), long>(new ByPathThenLine(Documents));
            foreach (var clause in Module.Clauses)
            {
                foreach (var probe in clause.Lines)
                {
                    Merge(lines, probe);
                }
            }

            return lines;
        }

        private void Merge(IDictionary<(int, int), long> lines, LineProbe probe)
        {
            var key = (probe.Document, probe.Line);
            var count = this[probe.Slot];
            lines[key] = lines.TryGetValue(key, out var seen) ? Math.Max(seen, count) : count;
        }

        private sealed class ByPathThenLine : IComparer<(int Document, int Line)>
        {
            private readonly IReadOnlyList<string> _documents;

            public ByPathThenLine(IReadOnlyList<string> documents) => _documents = documents;

            public int Compare((int Document, int Line) x, (int Document, int Line) y)
            {
                var byPath = string.CompareOrdinal(_documents[x.Document], _documents[y.Document]);
                return byPath != 0 ? byPath : x.Line.CompareTo(y.Line);
            }
        }
    }
}
