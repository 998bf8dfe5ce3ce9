using System;
using System.Collections.Generic;
using System.Linq;
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
        /// How many distinct executable lines of one clause ran and did not: where several sequence
        /// points start on a line, the line ran if any of them did.
        /// </summary>
        public (int Covered, int NotCovered) CoverageOf(ClauseProbes clause)
        {
            var lines = new Dictionary<long, bool>(clause.Lines.Count);
            foreach (var probe in clause.Lines)
            {
                var key = Key(probe.Document, probe.Line);
                var ran = CountOf(probe) > 0;
                lines[key] = lines.TryGetValue(key, out var seen) ? seen || ran : ran;
            }

            var covered = 0;
            foreach (var ran in lines.Values)
            {
                covered += ran ? 1 : 0;
            }

            return (covered, lines.Count - covered);
        }

        /// <summary>
        /// All executable lines of the module, ordered by file path and then line, each with its
        /// count (the most-run sequence point starting on it) and the first clause it belongs to.
        /// </summary>
        public List<LineCount> Lines()
        {
            var probes = 0;
            foreach (var clause in Module.Clauses)
            {
                probes += clause.Lines.Count;
            }

            var index = new Dictionary<long, int>(probes);
            var lines = new List<LineCount>(probes);
            foreach (var clause in Module.Clauses)
            {
                foreach (var probe in clause.Lines)
                {
                    var key = Key(probe.Document, probe.Line);
                    var count = CountOf(probe);
                    if (index.TryGetValue(key, out var at))
                    {
                        lines[at] = lines[at].WithCount(Math.Max(lines[at].Count, count));
                    }
                    else
                    {
                        index[key] = lines.Count;
                        lines.Add(new LineCount(probe.Document, probe.Line, count, clause));
                    }
                }
            }

            // Rank only the documents this module uses: a module rarely spans more than a few.
            var documents = lines.Select(l => l.Document).Distinct().OrderBy(d => Documents[d], StringComparer.Ordinal).ToList();
            var rank = new Dictionary<int, int>();
            for (var i = 0; i < documents.Count; i++)
            {
                rank[documents[i]] = i;
            }

            var order = new long[lines.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = Key(rank[lines[i].Document], lines[i].Line);
            }

            var sorted = lines.ToArray();
            Array.Sort(order, sorted);
            lines.Clear();
            lines.AddRange(sorted);
            return lines;
        }

        /// <summary>How often a sequence point ran: its slot, plus the slots it is the sum of.</summary>
        public long CountOf(LineProbe probe)
        {
            var count = this[probe.Slot];
            foreach (var plus in probe.Plus)
            {
                count += this[plus];
            }

            // In set mode each part says only whether it ran; so does their sum.
            return Counting == Counting.Set ? Math.Min(count, 1) : count;
        }

        private static long Key(int document, int line) => ((long)document << 32) | (uint)line;
    }

    /// <summary>One executable line of a module: where it is, how often it ran, and the clause that holds it first.</summary>
    internal readonly struct LineCount
    {
        public LineCount(int document, int line, long count, ClauseProbes owner)
        {
            Document = document;
            Line = line;
            Count = count;
            Owner = owner;
        }

        public int Document { get; }

        public int Line { get; }

        public long Count { get; }

        public ClauseProbes Owner { get; }

        public LineCount WithCount(long count) => new LineCount(Document, Line, count, Owner);
    }
}
