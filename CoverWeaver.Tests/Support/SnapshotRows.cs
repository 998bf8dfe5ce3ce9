using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;

namespace CoverWeaver.Tests.Support
{
    /// <summary>Reads a snapshot's bytes back into the rows the public analysis gives, to compare the two.</summary>
    internal static class SnapshotRows
    {
        /// <summary>Every module in the snapshot with its rows at one level of the calls analysis.</summary>
        public static Dictionary<string, List<CoverRow>> Analyse(byte[] snapshot, Level level)
        {
            return CoverageFile.Decode(snapshot, "the snapshot").ToDictionary(
                s => s.Module.Name,
                s => Analyser.Analyse(s, Analysis.Calls, level));
        }

        /// <summary>How often one line of one module ran, by the snapshot.</summary>
        public static long LineCalls(byte[] snapshot, string module, int line) =>
            Analyse(snapshot, Level.Line)[module].Single(row => row.Line == line).Calls;

        /// <summary>Rows as comparable text: what they are about and both analyses' numbers.</summary>
        public static List<string> Describe(IEnumerable<CoverRow> rows) =>
            rows.Select(r => $"{r.Module} {r.Function}/{r.Arity}#{r.Clause} {r.File}:{r.Line} {r.Covered}/{r.NotCovered} {r.Calls}").ToList();
    }
}
