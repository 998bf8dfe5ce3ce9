using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CoverWeaver.Data;

namespace CoverWeaver.Reports
{
    /// <summary>
    /// The table <c>dotnet test</c> prints at the end: one row per assembly, its modules indented
    /// under it, then the total; covered/total distinct source lines and the line percentage to one
    /// decimal, as genhtml prints it. Plain ASCII, so any console and CI log shows it aligned.
    /// </summary>
    internal static class TextSummary
    {
        public static string Write(IEnumerable<ModuleSnapshot> snapshots)
        {
            var figures = LineFigures.Of(snapshots);
            var rows = new List<(string Name, Figure Lines)>();
            foreach (var assembly in figures.Assemblies)
            {
                rows.Add((assembly.Name, assembly.Lines));
                foreach (var module in assembly.Modules)
                {
                    // Under its assembly a module needs no qualification.
                    rows.Add(("  " + module.Id.Type, module.Lines));
                }
            }

            const string header = "Assembly / module";
            const string total = "Total";
            var nameWidth = rows.Select(r => r.Name.Length).Append(header.Length).Max();
            var linesWidth = rows.Select(r => Lines(r.Lines).Length).Append(Lines(figures.Total).Length).Append("Lines".Length).Max();
            const int percentWidth = 7;

            var text = new StringBuilder();
            void Row(string name, string lines, string percent) =>
                text.Append(name.PadRight(nameWidth)).Append(" | ").Append(lines.PadLeft(linesWidth)).Append(" | ").Append(percent.PadLeft(percentWidth)).Append('\n');
            var rule = new string('-', nameWidth) + "-+-" + new string('-', linesWidth) + "-+-" + new string('-', percentWidth) + "\n";

            Row(header, "Lines", "Line %");
            text.Append(rule);
            foreach (var (name, lines) in rows)
            {
                Row(name, Lines(lines), Percentage(lines));
            }

            text.Append(rule);
            Row(total, Lines(figures.Total), Percentage(figures.Total));
            return text.ToString();
        }

        private static string Lines(Figure figure) => figure.ToString();

        private static string Percentage(Figure figure) => figure.Total == 0 ? "-" : Percent.Format(figure) + "%";
    }
}
