using CoverWeaver.Report;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
using CoverWeaver.Model;
using CoverWeaver.Runtime;

namespace CoverWeaver.Server
{
    /// <summary>The bodies of the endpoint's read-only routes, written from one snapshot each so their numbers agree.</summary>
    internal static class CoverContent
    {
        private static readonly int ProcessId = CurrentProcessId();

        public static string Health()
        {
            return new Json().Raw("{").Name("status").String("ok")
                .Raw(",").Name("pid").Number(ProcessId)
                .Raw(",").Name("modules").Number(Registry.Modules().Count)
                .Raw("}").ToString();
        }

        /// <summary>
        /// Every module's distinct executable source lines covered and not, its calls, and the
        /// totals over distinct source lines: the figure every report shows, unlike Erlang's module
        /// analysis, which counts a line shared by two methods once in each.
        /// </summary>
        public static string Summary()
        {
            var snapshots = Snapshots.Take(reset: false);
            var json = new Json().Raw("{");
            var modules = new Json();
            var lines = new System.Collections.Generic.Dictionary<(string, int), bool>();
            long calls = 0;
            for (var i = 0; i < snapshots.Count; i++)
            {
                var snapshot = snapshots[i];
                var moduleCalls = snapshot.Module.Clauses.Sum(clause => snapshot[clause.EntrySlot]);
                calls += moduleCalls;

                // One pass over the module's lines gives both its own figure and its part of the total.
                var moduleLines = snapshot.Lines();
                var covered = 0;
                foreach (var line in moduleLines)
                {
                    covered += line.Count > 0 ? 1 : 0;
                    var key = (snapshot.Documents[line.Document], line.Line);
                    lines[key] = (lines.TryGetValue(key, out var ran) && ran) || line.Count > 0;
                }

                var notCovered = moduleLines.Count - covered;

                modules.Raw(i == 0 ? "{" : ",{").Name("module").String(snapshot.Module.Name)
                    .Raw(",").Name("assembly").String(snapshot.Assembly.AssemblyName)
                    .Raw(",").Name("covered").Number(covered)
                    .Raw(",").Name("notCovered").Number(notCovered)
                    .Raw(",").Name("calls").Number(moduleCalls)
                    .Raw("}");
            }

            var totalCovered = lines.Values.Count(ran => ran);
            return json.Name("covered").Number(totalCovered)
                .Raw(",").Name("notCovered").Number(lines.Count - totalCovered)
                .Raw(",").Name("calls").Number(calls)
                .Raw(",").Name("modules").Raw("[").Raw(modules.ToString()).Raw("]}").ToString();
        }

        /// <summary>Every woven assembly known here, each build with its modules' fingerprints.</summary>
        public static string Builds()
        {
            var assemblies = Registry.Assemblies()
                .OrderBy(a => a.Table.AssemblyName, System.StringComparer.Ordinal)
                .ThenBy(a => a.Table.BuildId)
                .ToList();
            var json = new Json().Raw("[");
            for (var i = 0; i < assemblies.Count; i++)
            {
                var table = assemblies[i].Table;
                json.Raw(i == 0 ? "{" : ",{").Name("assembly").String(table.AssemblyName)
                    .Raw(",").Name("buildId").String(Hex(table.BuildId));
                if (assemblies[i].Mvid != null)
                {
                    json.Raw(",").Name("mvid").String(assemblies[i].Mvid!.Value.ToString("D"));
                }

                json
                    .Raw(",").Name("mode").String(table.Mode == CountingMode.Set ? "set" : "count")
                    .Raw(",").Name("modules").Raw("[");
                for (var m = 0; m < table.Modules.Count; m++)
                {
                    json.Raw(m == 0 ? "{" : ",{").Name("module").String(table.Modules[m].Name)
                        .Raw(",").Name("fingerprint").String(Hex(table.Modules[m].Fingerprint))
                        .Raw("}");
                }

                json.Raw("]}");
            }

            return json.Raw("]").ToString();
        }

        private static string Hex(ulong value) => value.ToString("x16", CultureInfo.InvariantCulture);

        private static int CurrentProcessId()
        {
            using var process = Process.GetCurrentProcess();
            return process.Id;
        }
    }
}
