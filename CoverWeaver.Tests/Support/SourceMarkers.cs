using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace CoverWeaver.Tests.Support
{
    /// <summary>Reads expectations written into fixture sources as comments.</summary>
    internal static class SourceMarkers
    {
        // "// hits N" in C# and F#, "' hits N" in Visual Basic.
        private static readonly Regex Hits = new Regex(@"(//|')\s*hits\s+(\d+)\s*$");

        /// <summary>Every "// hits N" (or VB's "' hits N") in the files of a folder matching a pattern: (file, line) to N.</summary>
        public static Dictionary<(string File, int Line), long> ExpectedHits(string folder, string searchPattern = "*.cs")
        {
            var expected = new Dictionary<(string, int), long>();
            foreach (var file in Directory.GetFiles(folder, searchPattern, SearchOption.AllDirectories))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var match = Hits.Match(lines[i]);
                    if (match.Success)
                    {
                        expected[(Path.GetFullPath(file), i + 1)] = long.Parse(match.Groups[2].Value);
                    }
                }
            }

            return expected;
        }

        /// <summary>The 1-based line of the only line in <paramref name="file"/> containing <paramref name="marker"/>.</summary>
        public static int LineOf(string file, string marker)
        {
            var lines = File.ReadAllLines(file);
            var found = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(marker, StringComparison.Ordinal)).ToList();
            if (found.Count != 1)
            {
                throw new InvalidOperationException($"'{marker}' appears {found.Count} times in {file}, expected once.");
            }

            return found[0] + 1;
        }
    }
}
