using System.Collections.Generic;
using CoverWeaver.Data;

namespace CoverWeaver.Analyses
{
    /// <summary>
    /// One module's lines over every build of it, by source line: each (file, line) once; a line is
    /// executable when any build has it, and its count is the sum of its counts (<see cref="ModuleLines.Lines"/>)
    /// in the builds that have it, since each build's runs are runs of that line. With one build it is
    /// that build's line analysis.
    /// </summary>
    internal static class BuildLines
    {
        /// <summary>File path → line → count, both ordinal and ascending.</summary>
        public static SortedDictionary<string, SortedList<int, long>> Of(IEnumerable<ModuleSnapshot> builds)
        {
            var files = new SortedDictionary<string, SortedList<int, long>>(System.StringComparer.Ordinal);
            foreach (var build in builds)
            {
                foreach (var line in build.Lines())
                {
                    var path = build.Documents[line.Document];
                    if (!files.TryGetValue(path, out var lines))
                    {
                        lines = new SortedList<int, long>();
                        files[path] = lines;
                    }

                    lines[line.Line] = lines.TryGetValue(line.Line, out var seen) ? Sum(seen, line.Count) : line.Count;
                }
            }

            return files;
        }

        /// <summary>Counts past 2^63 stay at the top rather than wrapping: a report never shows a negative count.</summary>
        private static long Sum(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
    }
}
