using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Runtime;
using Fixtures.Woven;
using static CoverWeaver.Tests.Support.HandMadeModules;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Real data for the report tests: every module of the woven fixture assembly as this process
    /// counted it (some code run first, so both covered and uncovered lines appear), and a module
    /// of another assembly whose type name the fixture also declares, its source a file of the
    /// test's own, so readers must tell the two apart.
    /// </summary>
    internal static class ReportFixture
    {
        public const string OtherAssembly = "Other.Assembly";

        public static List<ModuleSnapshot> Snapshots(TempDirectory temp)
        {
            Concurrency.Spin(3);
            Tally.Twice(4);
            var woven = typeof(Concurrency).Assembly.GetName().Name;
            var snapshots = CoverWeaver.Runtime.Snapshots.Take(reset: false).Where(s => s.Assembly.AssemblyName == woven).ToList();

            var source = Path.Combine(temp.Path, "other", "Concurrency.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllText(source, "namespace Fixtures.Woven\n{\n    static class Concurrency\n    {\n        static long Spin(int n) { return n; }\n        static int Fail() { return 0; }\n    }\n}\n");
            snapshots.Add(Module(OtherAssembly, WovenModules.ConcurrencyName,
                Clause("Spin", 1, 2, (source, 5, 2)),
                Clause("Fail", 0, 0, (source, 6, 0))));
            return snapshots;
        }
    }
}
