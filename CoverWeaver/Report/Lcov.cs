using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CoverWeaver.Analyses;
using CoverWeaver.Data;

namespace CoverWeaver.Report
{
    /// <summary>
    /// Writes counts as an LCOV tracefile, the form most coverage viewers and services read: one
    /// record per source file, with its methods (<c>FN</c>/<c>FNDA</c>) and its executable lines
    /// (<c>DA</c>) counted as the line analysis counts them.
    /// </summary>
    internal static class Lcov
    {
        public static string Write(IEnumerable<ModuleSnapshot> snapshots)
        {
            var files = new SortedDictionary<string, SourceFile>(StringComparer.Ordinal);
            foreach (var snapshot in snapshots)
            {
                var counts = snapshot;
                AddLines(files, counts);
                AddFunctions(files, counts);
            }

            var text = new StringBuilder();
            foreach (var file in files)
            {
                WriteRecord(text, file.Key, file.Value);
            }

            return text.ToString();
        }

        private static void AddLines(SortedDictionary<string, SourceFile> files, ModuleSnapshot counts)
        {
            foreach (var line in counts.Lines())
            {
                var file = FileOf(files, counts.Documents[line.Document]);
                // Two modules can start code on one line (a nested type declared on it); the line ran
                // as often as the most-run of them, as the line analysis takes its sequence points.
                file.Lines[line.Line] = file.Lines.TryGetValue(line.Line, out var seen) ? Math.Max(seen, line.Count) : line.Count;
            }
        }

        private static void AddFunctions(SortedDictionary<string, SourceFile> files, ModuleSnapshot counts)
        {
            var clausesOf = counts.Module.Clauses.GroupBy(c => (c.Function, c.Arity)).ToDictionary(g => g.Key, g => g.Count());
            foreach (var clause in counts.Module.Clauses)
            {
                if (clause.Lines.Count == 0)
                {
                    continue;
                }

                // A method lives in the file of its first line, and starts at its first line there.
                var document = clause.Lines[0].Document;
                var first = clause.Lines.Where(p => p.Document == document).Min(p => p.Line);
                var name = counts.Module.Name + "." + clause.Function + "/" + clause.Arity.ToString(CultureInfo.InvariantCulture);
                if (clausesOf[(clause.Function, clause.Arity)] > 1)
                {
                    // Overloads of one arity share a name; the clause number keeps LCOV's names unique.
                    name += "#" + clause.Clause.ToString(CultureInfo.InvariantCulture);
                }

                FileOf(files, counts.Documents[document]).Functions.Add((first, name, counts[clause.EntrySlot]));
            }
        }

        private static void WriteRecord(StringBuilder text, string path, SourceFile file)
        {
            text.Append("TN:\n");
            text.Append("SF:").Append(path).Append('\n');
            var functions = file.Functions.OrderBy(f => f.Line).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
            foreach (var function in functions)
            {
                text.Append("FN:").Append(Number(function.Line)).Append(',').Append(function.Name).Append('\n');
            }

            foreach (var function in functions)
            {
                text.Append("FNDA:").Append(Number(function.Calls)).Append(',').Append(function.Name).Append('\n');
            }

            text.Append("FNF:").Append(Number(functions.Count)).Append('\n');
            text.Append("FNH:").Append(Number(functions.Count(f => f.Calls > 0))).Append('\n');
            foreach (var line in file.Lines)
            {
                text.Append("DA:").Append(Number(line.Key)).Append(',').Append(Number(line.Value)).Append('\n');
            }

            text.Append("LF:").Append(Number(file.Lines.Count)).Append('\n');
            text.Append("LH:").Append(Number(file.Lines.Count(l => l.Value > 0))).Append('\n');
            text.Append("end_of_record\n");
        }

        private static SourceFile FileOf(SortedDictionary<string, SourceFile> files, string path)
        {
            if (!files.TryGetValue(path, out var file))
            {
                file = new SourceFile();
                files[path] = file;
            }

            return file;
        }

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        private sealed class SourceFile
        {
            public SortedDictionary<int, long> Lines { get; } = new SortedDictionary<int, long>();

            public List<(int Line, string Name, long Calls)> Functions { get; } = new List<(int, string, long)>();
        }
    }
}
