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

        /// <summary>Module-level coverage and calls of every module, and their totals.</summary>
        public static string Summary()
        {
            var rows = Snapshots.Take(reset: false)
                .Select(s => Analyser.Analyse(new ModuleCounts(s.Module, s.Assembly.Documents, s.Counts, s.Assembly.Mode), Analysis.Coverage, Level.Module)[0])
                .ToList();
            var json = new Json().Raw("{")
                .Name("covered").Number(rows.Sum(r => (long)r.Covered))
                .Raw(",").Name("notCovered").Number(rows.Sum(r => (long)r.NotCovered))
                .Raw(",").Name("calls").Number(rows.Sum(r => r.Calls))
                .Raw(",").Name("modules").Raw("[");
            for (var i = 0; i < rows.Count; i++)
            {
                json.Raw(i == 0 ? "{" : ",{").Name("module").String(rows[i].Module)
                    .Raw(",").Name("covered").Number(rows[i].Covered)
                    .Raw(",").Name("notCovered").Number(rows[i].NotCovered)
                    .Raw(",").Name("calls").Number(rows[i].Calls)
                    .Raw("}");
            }

            return json.Raw("]}").ToString();
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
