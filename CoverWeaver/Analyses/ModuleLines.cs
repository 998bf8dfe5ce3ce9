using System;
using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Model;

namespace CoverWeaver.Analyses
{
    /// <summary>
    /// The executable lines of a module and how often each ran, read from one snapshot so that all
    /// levels of one analysis agree. A line's count is the largest of its sequence points' counts
    /// within one method (a <c>for (;;)</c> line runs as often as its condition), summed over the
    /// constructors that each hold a copy of it (the compiler copies a field initializer into every
    /// constructor that does not chain to another), and otherwise the largest over the methods that
    /// start code on it.
    /// </summary>
    internal static class ModuleLines
    {
        /// <summary>
        /// How many distinct executable lines of one clause ran and did not: where several sequence
        /// points start on a line, the line ran if any of them did.
        /// </summary>
        public static (int Covered, int NotCovered) CoverageOf(this ModuleSnapshot counts, ClauseProbes clause)
        {
            var lines = new Dictionary<long, bool>(clause.Lines.Count);
            foreach (var probe in clause.Lines)
            {
                var key = Key(probe.Document, probe.Line);
                var ran = counts.CountOf(probe) > 0;
                lines[key] = lines.TryGetValue(key, out var seen) ? seen || ran : ran;
            }

            var covered = lines.Values.Count(ran => ran);
            return (covered, lines.Count - covered);
        }

        /// <summary>How many distinct executable source lines of the module ran and did not.</summary>
        public static (int Covered, int NotCovered) DistinctCoverage(this ModuleSnapshot counts)
        {
            var lines = counts.Lines();
            var covered = lines.Count(line => line.Count > 0);
            return (covered, lines.Count - covered);
        }

        /// <summary>
        /// All executable lines of the module, ordered by file path and then line, each with its
        /// count and the first clause it belongs to.
        /// </summary>
        public static List<LineCount> Lines(this ModuleSnapshot counts)
        {
            var probes = counts.Module.Clauses.Sum(clause => clause.Lines.Count);
            var index = new Dictionary<long, int>(probes);
            var lines = new List<LineCount>(probes);
            var perClause = new Dictionary<long, long>();
            foreach (var clause in counts.Module.Clauses)
            {
                // Within one method a line counts its most-run sequence point.
                perClause.Clear();
                foreach (var probe in clause.Lines)
                {
                    var key = Key(probe.Document, probe.Line);
                    var count = counts.CountOf(probe);
                    perClause[key] = perClause.TryGetValue(key, out var seen) ? Math.Max(seen, count) : count;
                }

                var constructor = clause.Function == ".ctor";
                foreach (var probe in clause.Lines)
                {
                    var key = Key(probe.Document, probe.Line);
                    if (!perClause.TryGetValue(key, out var count))
                    {
                        continue;
                    }

                    perClause.Remove(key);
                    if (index.TryGetValue(key, out var at))
                    {
                        var line = lines[at];
                        var ctors = constructor ? Add(line.ConstructorCount, count, counts.Mode) : line.ConstructorCount;
                        var others = constructor ? line.OtherCount : Math.Max(line.OtherCount, count);
                        lines[at] = new LineCount(line.Document, line.Line, line.Owner, ctors, others);
                    }
                    else
                    {
                        index[key] = lines.Count;
                        lines.Add(new LineCount(probe.Document, probe.Line, clause, constructor ? count : 0, constructor ? 0 : count));
                    }
                }
            }

            // Rank only the documents this module uses: a module rarely spans more than a few.
            var documents = lines.Select(l => l.Document).Distinct().OrderBy(d => counts.Documents[d], StringComparer.Ordinal).ToList();
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
            return sorted.ToList();
        }

        /// <summary>How often a sequence point ran: its slot, plus the slots it is the sum of.</summary>
        public static long CountOf(this ModuleSnapshot counts, LineProbe probe)
        {
            var count = counts[probe.Slot];
            foreach (var plus in probe.Plus)
            {
                count += counts[plus];
            }

            // In set mode each part says only whether it ran; so does their sum.
            return counts.Mode == CountingMode.Set ? Math.Min(count, 1) : count;
        }

        private static long Add(long a, long b, CountingMode mode) => mode == CountingMode.Set ? Math.Min(a + b, 1) : a + b;

        private static long Key(int document, int line) => ((long)document << 32) | (uint)line;
    }

    /// <summary>One executable line of a module and how often it ran.</summary>
    internal readonly struct LineCount
    {
        public LineCount(int document, int line, ClauseProbes owner, long constructorCount, long otherCount)
        {
            Document = document;
            Line = line;
            Owner = owner;
            ConstructorCount = constructorCount;
            OtherCount = otherCount;
        }

        public int Document { get; }

        public int Line { get; }

        /// <summary>The first clause, in source order, that starts code on the line.</summary>
        public ClauseProbes Owner { get; }

        /// <summary>The times the line ran: its constructors' copies summed, or the most-run other method, whichever is more.</summary>
        public long Count => Math.Max(ConstructorCount, OtherCount);

        /// <summary>The sum over the constructors holding a copy of the line.</summary>
        public long ConstructorCount { get; }

        /// <summary>The most any other method ran the line.</summary>
        public long OtherCount { get; }
    }
}
