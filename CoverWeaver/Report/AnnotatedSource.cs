using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CoverWeaver.Analyses;
using CoverWeaver.Data;

namespace CoverWeaver.Report
{
    /// <summary>
    /// Writes a module's source annotated with line counts, in the form of Erlang's
    /// <c>Module.COVER.out</c>: a header per source file, then every line, an executable one
    /// prefixed with how often it ran.
    /// </summary>
    internal static class AnnotatedSource
    {
        private const string Stars = "****************************************************************************";

        public static void Write(ModuleCounts counts, string outFile, DateTime now)
        {
            var byDocument = counts.Lines()
                .GroupBy(line => line.Document)
                .ToList();

            // Read every source before writing anything, so a missing file leaves no partial output.
            var sources = new List<(string Path, string[] Lines, Dictionary<int, long> Counts)>();
            foreach (var document in byDocument)
            {
                var path = counts.Documents[document.Key];
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(
                        $"Cannot annotate {counts.Module.Name}: its source file was not found at {path}.", path);
                }

                sources.Add((path, SplitLines(File.ReadAllText(path)), document.ToDictionary(line => line.Line, line => line.Count)));
            }

            var text = new StringBuilder();
            foreach (var source in sources)
            {
                text.Append("File generated from ").Append(source.Path).Append(" by COVER ")
                    .Append(now.ToString("yyyy-MM-dd 'at' HH:mm:ss", CultureInfo.InvariantCulture)).Append('\n');
                text.Append(Stars).Append('\n');
                for (var i = 0; i < source.Lines.Length; i++)
                {
                    if (source.Counts.TryGetValue(i + 1, out var count))
                    {
                        text.Append(count.ToString(CultureInfo.InvariantCulture).PadLeft(6)).Append("..|  ");
                    }
                    else
                    {
                        text.Append("        |  ");
                    }

                    text.Append(source.Lines[i]).Append('\n');
                }
            }

            AtomicFile.WriteAllBytes(outFile, new UTF8Encoding(false).GetBytes(text.ToString()));
        }

        private static string[] SplitLines(string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            return text.EndsWith("\n", StringComparison.Ordinal) ? lines.Take(lines.Length - 1).ToArray() : lines;
        }
    }
}
