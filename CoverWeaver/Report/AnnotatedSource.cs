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

        public static void Write(ModuleSnapshot counts, string outFile, DateTime now)
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
                    throw new FileNotFoundException(MissingSource(counts.Module.Name, path), path);
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

        /// <summary>
        /// Says where the source was expected and why it may not be there: the path is the one the
        /// build recorded in the PDB, which for a package built elsewhere or deterministically
        /// (<c>/_/src/...</c>) was never a place on this machine.
        /// </summary>
        internal static string MissingSource(string module, string path)
        {
            var message = $"Cannot annotate {module}: its source file is not on this machine. The build recorded it at {path}";
            if (IsDeterministicPath(path))
            {
                message += ", a path a deterministic build mapped (PathMap) rather than a real folder";
            }
            else if (Path.DirectorySeparatorChar == '/' && IsWindowsPath(path))
            {
                message += ", a Windows path from the machine that built it";
            }

            return message + ". AnalyseToFile needs the source at that path; Cover.Analyse needs no source.";
        }

        /// <summary>Roslyn's deterministic source roots: <c>/_/</c>, then <c>/_1/</c>, <c>/_2/</c>... for further roots.</summary>
        private static bool IsDeterministicPath(string path)
        {
            if (!path.StartsWith("/_", StringComparison.Ordinal))
            {
                return false;
            }

            var i = 2;
            while (i < path.Length && char.IsDigit(path[i]))
            {
                i++;
            }

            return i < path.Length && path[i] == '/';
        }

        private static bool IsWindowsPath(string path) =>
            (path.Length > 2 && char.IsLetter(path[0]) && path[1] == ':' && (path[2] == '\\' || path[2] == '/')) || path.StartsWith("\\\\", StringComparison.Ordinal);

        /// <summary>A text's lines, CRLF or LF, without the empty one after a final line end.</summary>
        internal static string[] SplitLines(string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            return text.EndsWith("\n", StringComparison.Ordinal) ? lines.Take(lines.Length - 1).ToArray() : lines;
        }
    }
}
