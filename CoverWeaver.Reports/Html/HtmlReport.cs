using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using CoverWeaver.Data;

namespace CoverWeaver.Reports.Html
{
    /// <summary>
    /// Writes the HTML report: <c>index.html</c> and one page per source file under <c>files/</c>.
    /// Self-contained so it works opened from disk, offline, or as a CI artifact: the CSS and the
    /// small sorting script are inline, links are relative, nothing is fetched. The index is one
    /// table of assemblies, their modules and each module's files (linking to the file's page),
    /// sortable by name or coverage within each level. Every text that comes from data (names,
    /// paths, source) is escaped.
    /// </summary>
    internal static class HtmlReport
    {
        public const string IndexName = "index.html";

        /// <summary>Writes the report into <paramref name="directory"/> and returns the index's path.</summary>
        public static string Write(IEnumerable<ModuleSnapshot> snapshots, string directory, DateTimeOffset now)
        {
            var figures = LineFigures.Of(snapshots);
            var pages = PageNames(figures.Files.Keys);
            // Files are shown below the folder they all share, in full on hover.
            var root = Cobertura.SourceRoot(figures.Files.Keys);
            Directory.CreateDirectory(Path.Combine(directory, HtmlFilePage.Folder));
            foreach (var file in figures.Files)
            {
                var html = HtmlFilePage.Write(figures, file.Key, file.Value, now);
                File.WriteAllText(Path.Combine(directory, HtmlFilePage.Folder, pages[file.Key]), html, new UTF8Encoding(false));
            }

            var index = Path.Combine(directory, IndexName);
            File.WriteAllText(index, Index(figures, pages, root, now), new UTF8Encoding(false));
            return index;
        }

        private static string Index(LineFigures figures, Dictionary<string, string> pages, string? root, DateTimeOffset now)
        {
            var html = new StringBuilder();
            HtmlAssets.Head(html, "Coverage report");
            html.Append("<h1>Coverage report</h1>\n");
            html.Append("<p class=\"summary\">Lines: <span id=\"total-lines\">").Append(Lines(figures.Total)).Append("</span> &middot; <span id=\"total-percent\">")
                .Append(HtmlAssets.Percentage(figures.Total)).Append("</span> &middot; generated ").Append(Escape(Stamp(now))).Append("</p>\n");
            html.Append("<p class=\"note\">Every figure counts distinct executable source lines. Click a column header to sort; each level sorts within its parent.");
            if (root != null)
            {
                html.Append(" Files are under <code>").Append(Escape(root)).Append("</code>.");
            }

            html.Append("</p>\n");
            html.Append("<table id=\"coverage\" class=\"sortable\">\n<thead><tr>")
                .Append("<th data-sort=\"name\" aria-sort=\"ascending\" tabindex=\"0\">Name</th><th>Kind</th>")
                .Append("<th class=\"num\">Lines</th><th data-sort=\"percent\" class=\"num\" tabindex=\"0\">Line coverage</th></tr></thead>\n<tbody>\n");
            foreach (var assembly in figures.Assemblies)
            {
                Row(html, 0, "assembly", assembly.Name, null, assembly.Lines);
                foreach (var module in assembly.Modules)
                {
                    // Under its assembly's row a module needs no qualification.
                    Row(html, 1, "module", module.Id.Type, null, module.Lines);
                    foreach (var file in module.Files)
                    {
                        Row(html, 2, "file", file.Path, HtmlFilePage.Folder + "/" + pages[file.Path], file.Figure, Relative(file.Path, root));
                    }
                }
            }

            html.Append("</tbody>\n<tfoot>");
            html.Append("<tr class=\"total\"><td>Total</td><td></td><td class=\"num\">").Append(Lines(figures.Total)).Append("</td><td class=\"num\">")
                .Append(HtmlAssets.Bar(figures.Total)).Append("</td></tr>");
            html.Append("</tfoot>\n</table>\n");
            HtmlAssets.Tail(html, withSortScript: true);
            return html.ToString();
        }

        private static void Row(StringBuilder html, int level, string kind, string name, string? link, Figure lines, string? shown = null)
        {
            // data-name and data-percent are what the script sorts by; no lines sorts below 0 %.
            var percent = lines.Percent ?? -1;
            html.Append("<tr class=\"level").Append(level).Append(' ').Append(kind).Append("\" data-level=\"").Append(level)
                .Append("\" data-name=\"").Append(Escape(name)).Append("\" data-percent=\"").Append(percent.ToString("R", CultureInfo.InvariantCulture)).Append("\">");
            html.Append("<td class=\"name\">");
            if (link != null)
            {
                html.Append("<a href=\"").Append(Escape(link)).Append("\" title=\"").Append(Escape(name)).Append("\">").Append(Escape(shown ?? name)).Append("</a>");
            }
            else
            {
                html.Append(Escape(name));
            }

            html.Append("</td><td class=\"kind\">").Append(kind).Append("</td><td class=\"num lines\">").Append(Lines(lines))
                .Append("</td><td class=\"num percent\">").Append(HtmlAssets.Bar(lines)).Append("</td></tr>\n");
        }

        /// <summary>
        /// A page name per source file: its position in path order and its file name, reduced to
        /// characters safe in any file system and URL, so two <c>Program.cs</c> never collide.
        /// </summary>
        private static Dictionary<string, string> PageNames(IEnumerable<string> paths)
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var path in paths)
            {
                var last = path.LastIndexOfAny(new[] { '/', '\\' });
                var safe = new string(path.Substring(last + 1).Select(c => char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-' || c == '_' ? c : '_').ToArray());
                names[path] = (++i).ToString(CultureInfo.InvariantCulture) + "-" + safe + ".html";
            }

            return names;
        }

        private static string Relative(string path, string? root) =>
            root == null ? path : path.Substring(root.Length).TrimStart('/', '\\');

        internal static string Lines(Figure figure) => figure.ToString();

        internal static string Stamp(DateTimeOffset now) => now.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

        internal static string Escape(string text) => WebUtility.HtmlEncode(text);
    }
}
