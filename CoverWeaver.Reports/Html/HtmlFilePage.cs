using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
using CoverWeaver.Report;

namespace CoverWeaver.Reports.Html
{
    /// <summary>
    /// One source file's page: its figure, Erlang's function and clause rows of every module with
    /// code in it (calls and coverage, from <see cref="Analyser"/>), then the source with each
    /// executable line's count, covered lines green and uncovered red. A line's count is the most
    /// any module ran it, as in LCOV. A source not on this machine (built elsewhere, or a
    /// deterministic <c>/_/</c> path) is said so, and the counts are still listed by line number.
    /// </summary>
    internal static class HtmlFilePage
    {
        public const string Folder = "files";

        public static string Write(LineFigures figures, string path, SortedList<int, long> lines, DateTimeOffset now)
        {
            var figure = Figure.Of(lines.Values);
            var html = new StringBuilder();
            HtmlAssets.Head(html, FileName(path) + " - coverage");
            html.Append("<p><a href=\"../").Append(HtmlReport.IndexName).Append("\">&larr; All files</a></p>\n");
            html.Append("<h1>").Append(HtmlReport.Escape(path)).Append("</h1>\n");
            html.Append("<p class=\"summary\">Lines: <span id=\"file-lines\">").Append(HtmlReport.Lines(figure)).Append("</span> &middot; <span id=\"file-percent\">")
                .Append(HtmlAssets.Percentage(figure)).Append("</span> &middot; generated ").Append(HtmlReport.Escape(HtmlReport.Stamp(now))).Append("</p>\n");
            Functions(html, figures, path);
            Source(html, path, lines);
            HtmlAssets.Tail(html, withSortScript: false);
            return html.ToString();
        }

        /// <summary>
        /// Erlang's rows for the functions with code in this file: a module row, each function
        /// (its clauses summed, as Erlang's function level does), then its clauses. Coverage is
        /// Erlang's (a line shared by two clauses counts in each); calls are entries.
        /// </summary>
        private static void Functions(StringBuilder html, LineFigures figures, string path)
        {
            html.Append("<h2>Functions</h2>\n<table class=\"functions\" id=\"functions\">\n<thead><tr><th>Module / function / clause</th><th class=\"num\">Calls</th>")
                .Append("<th class=\"num\">Covered</th><th class=\"num\">Not covered</th><th class=\"num\">First line</th></tr></thead>\n<tbody>\n");
            foreach (var module in figures.Modules.Where(m => m.Files.Any(f => string.Equals(f.Path, path, StringComparison.Ordinal))))
            {
                // Erlang's rows are a build's: several builds of a module (its code differs between
                // target frameworks) are shown one after the other, each named by its build.
                foreach (var snapshot in module.Builds)
                {
                    Functions(html, module.Builds.Count == 1 ? module.Name : module.Name + " (build " + ModuleBuilds.Name(snapshot) + ")", snapshot, path);
                }
            }

            html.Append("</tbody>\n</table>\n");
        }

        private static void Functions(StringBuilder html, string name, ModuleSnapshot snapshot, string path)
        {
            // The clauses with lines here, and the line each starts on in this file.
            var here = new Dictionary<(string, int, int), int>();
            foreach (var clause in snapshot.Module.Clauses)
            {
                var own = ModuleFigures.ClauseLines(snapshot, clause, path);
                if (own.Count > 0)
                {
                    here[(clause.Function, clause.Arity, clause.Clause)] = own.Keys.First();
                }
            }

            var moduleRow = Analyser.Analyse(snapshot, Analysis.Calls, Level.Module).Single();
            html.Append("<tr class=\"module\"><td>").Append(HtmlReport.Escape(name)).Append("</td>");
            Numbers(html, moduleRow, null);
            var clauses = Analyser.Analyse(snapshot, Analysis.Calls, Level.Clause);
            foreach (var function in Analyser.Analyse(snapshot, Analysis.Calls, Level.Function))
            {
                var own = clauses.Where(c => c.Function == function.Function && c.Arity == function.Arity && here.ContainsKey((c.Function!, c.Arity, c.Clause))).ToList();
                if (own.Count == 0)
                {
                    continue;
                }

                var functionName = function.Function + "/" + function.Arity.ToString(CultureInfo.InvariantCulture);
                html.Append("<tr class=\"function\" data-function=\"").Append(HtmlReport.Escape(functionName)).Append("\"><td class=\"name\">").Append(HtmlReport.Escape(functionName)).Append("</td>");
                Numbers(html, function, own.Min(c => here[(c.Function!, c.Arity, c.Clause)]));
                foreach (var clause in own)
                {
                    html.Append("<tr class=\"clause\"><td class=\"name\">clause ").Append(clause.Clause.ToString(CultureInfo.InvariantCulture)).Append("</td>");
                    Numbers(html, clause, here[(clause.Function!, clause.Arity, clause.Clause)]);
                }
            }
        }

        private static void Numbers(StringBuilder html, CoverRow row, int? line)
        {
            html.Append("<td class=\"num calls\">").Append(row.Calls.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num covered\">").Append(row.Covered.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num notcovered\">").Append(row.NotCovered.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num\">");
            if (line != null)
            {
                html.Append("<a href=\"#L").Append(line.Value.ToString(CultureInfo.InvariantCulture)).Append("\">")
                    .Append(line.Value.ToString(CultureInfo.InvariantCulture)).Append("</a>");
            }

            html.Append("</td></tr>\n");
        }

        private static void Source(StringBuilder html, string path, SortedList<int, long> lines)
        {
            html.Append("<h2>Source</h2>\n");
            string[]? text = null;
            try
            {
                text = File.Exists(path) ? AnnotatedSource.SplitLines(File.ReadAllText(path)) : null;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            if (text == null)
            {
                html.Append("<p class=\"missing\" id=\"missing-source\">The source file is not on this machine: the build recorded it at <code>")
                    .Append(HtmlReport.Escape(path)).Append("</code>. Its executable lines and their counts follow by line number.</p>\n");
            }

            html.Append("<table class=\"source\" id=\"source\">\n<tbody>\n");
            // With the source, every line in order; without it, only the executable lines.
            var numbers = text != null ? Enumerable.Range(1, Math.Max(text.Length, lines.Count == 0 ? 0 : lines.Keys.Last())) : lines.Keys;
            foreach (var number in numbers)
            {
                var n = number.ToString(CultureInfo.InvariantCulture);
                var executable = lines.TryGetValue(number, out var count);
                html.Append("<tr id=\"L").Append(n).Append('"');
                if (executable)
                {
                    html.Append(count > 0 ? " class=\"covered\"" : " class=\"uncovered\"").Append(" data-count=\"").Append(count.ToString(CultureInfo.InvariantCulture)).Append('"');
                }

                html.Append("><td class=\"n\">").Append(n).Append("</td><td class=\"c\">")
                    .Append(executable ? count.ToString(CultureInfo.InvariantCulture) : "")
                    .Append("</td><td class=\"s\">");
                if (text != null && number <= text.Length)
                {
                    html.Append(HtmlReport.Escape(text[number - 1]));
                }

                html.Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        private static string FileName(string path) => path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);
    }
}
