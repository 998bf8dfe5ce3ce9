using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CoverWeaver.Analyses;
using CoverWeaver.Data;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// Covered and total distinct executable source lines, per module, per assembly and in all:
    /// the figure a person reads as a percentage (Erlang's module analysis counts a line shared by
    /// two methods in each; this counts it once).
    /// </summary>
    internal sealed class CoverageSummary
    {
        private CoverageSummary(List<Row> modules, List<Row> assemblies, Row total)
        {
            Modules = modules;
            Assemblies = assemblies;
            Total = total;
        }

        public IReadOnlyList<Row> Modules { get; }

        public IReadOnlyList<Row> Assemblies { get; }

        public Row Total { get; }

        public static CoverageSummary Of(IReadOnlyList<ModuleSnapshot> snapshots)
        {
            var modules = new List<Row>();
            var byAssembly = new SortedDictionary<string, Dictionary<(string, int), bool>>(StringComparer.Ordinal);
            var all = new Dictionary<(string, int), bool>();
            foreach (var snapshot in snapshots.OrderBy(s => s.Assembly.AssemblyName, StringComparer.Ordinal).ThenBy(s => s.Module.Name, StringComparer.Ordinal))
            {
                var (covered, notCovered) = snapshot.DistinctCoverage();
                modules.Add(new Row(snapshot.Assembly.AssemblyName, snapshot.Module.Name, covered, covered + notCovered));
                if (!byAssembly.TryGetValue(snapshot.Assembly.AssemblyName, out var lines))
                {
                    byAssembly[snapshot.Assembly.AssemblyName] = lines = new Dictionary<(string, int), bool>();
                }

                foreach (var line in snapshot.Lines())
                {
                    var key = (snapshot.Documents[line.Document], line.Line);
                    var ran = line.Count > 0;
                    lines[key] = (lines.TryGetValue(key, out var seen) && seen) || ran;
                    all[key] = (all.TryGetValue(key, out var seenAll) && seenAll) || ran;
                }
            }

            var assemblies = byAssembly.Select(pair => new Row(pair.Key, null, pair.Value.Values.Count(ran => ran), pair.Value.Count)).ToList();
            return new CoverageSummary(modules, assemblies, new Row("total", null, all.Values.Count(ran => ran), all.Count));
        }

        /// <summary>The table printed at the end of a test run.</summary>
        public string Table(int parts)
        {
            var rows = new List<(string Name, Row Row)>();
            foreach (var assembly in Assemblies)
            {
                rows.Add((assembly.Assembly, assembly));
                rows.AddRange(Modules.Where(m => m.Assembly == assembly.Assembly).Select(m => ("  " + m.Module, m)));
            }

            rows.Add(("Total", Total));
            var width = Math.Max(20, rows.Max(r => r.Name.Length));
            var text = new StringBuilder();
            text.AppendLine($"CoverWeaver: line coverage of {parts} test project run(s) (distinct executable source lines)");
            text.AppendLine($"{"Assembly / module".PadRight(width)}  {"Lines",15}  {"Line %",7}");
            foreach (var (name, row) in rows)
            {
                text.AppendLine($"{name.PadRight(width)}  {row.Covered + "/" + row.Total,15}  {row.Percent.ToString("0.00", CultureInfo.InvariantCulture),7}");
            }

            return text.ToString().TrimEnd();
        }

        /// <summary>One line of the summary: an assembly (no module), a module, or the total.</summary>
        internal sealed class Row
        {
            public Row(string assembly, string? module, int covered, int total)
            {
                Assembly = assembly;
                Module = module;
                Covered = covered;
                Total = total;
            }

            public string Assembly { get; }

            public string? Module { get; }

            public int Covered { get; }

            public int Total { get; }

            /// <summary>Percent of lines covered; an assembly with no executable line is 100%, as nothing was left unrun.</summary>
            public double Percent => Total == 0 ? 100 : 100.0 * Covered / Total;

            public string Name => Module == null ? Assembly : Module + " (" + Assembly + ")";
        }
    }
}
