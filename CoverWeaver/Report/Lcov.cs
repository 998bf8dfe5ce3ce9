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
    /// (<c>DA</c>) counted as the line analysis counts them. Several builds of one module (its code
    /// differs between target frameworks) are combined by source line, as every report does.
    /// </summary>
    internal static class Lcov
    {
        public static string Write(IEnumerable<ModuleSnapshot> snapshots)
        {
            var files = new SortedDictionary<string, SourceFile>(StringComparer.Ordinal);
            foreach (var builds in ModuleBuilds.Group(snapshots))
            {
                AddLines(files, builds);
                foreach (var build in builds)
                {
                    AddFunctions(files, build);
                }
            }

            var text = new StringBuilder();
            foreach (var file in files)
            {
                WriteRecord(text, file.Key, file.Value);
            }

            return text.ToString();
        }

        /// <summary>A module's lines, its builds combined by source line (<see cref="BuildLines"/>).</summary>
        private static void AddLines(SortedDictionary<string, SourceFile> files, IReadOnlyList<ModuleSnapshot> builds)
        {
            foreach (var path in BuildLines.Of(builds))
            {
                var file = FileOf(files, path.Key);
                foreach (var line in path.Value)
                {
                    // Two modules can start code on one line (a nested type declared on it); the line ran
                    // as often as the most-run of them, as the line analysis takes its sequence points.
                    file.Lines[line.Key] = file.Lines.TryGetValue(line.Key, out var seen) ? Math.Max(seen, line.Value) : line.Value;
                }
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

                // The same method in another build of the module (same name, same first line) is one
                // function, its calls summed.
                var functions = FileOf(files, counts.Documents[document]).Functions;
                functions[(first, name)] = functions.TryGetValue((first, name), out var calls) ? calls + counts[clause.EntrySlot] : counts[clause.EntrySlot];
            }
        }

        private static void WriteRecord(StringBuilder text, string path, SourceFile file)
        {
            text.Append("TN:\n");
            text.Append("SF:").Append(path).Append('\n');
            var functions = file.Functions.Select(f => (f.Key.Line, f.Key.Name, Calls: f.Value)).OrderBy(f => f.Line).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
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

            public Dictionary<(int Line, string Name), long> Functions { get; } = new Dictionary<(int, string), long>();
        }
    }
}
