using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// The construct oracle: every line of the woven fixtures under Oracle/ says in a comment how
    /// often it runs; the woven build must count exactly that, and nothing else may be executable.
    /// </summary>
    [TestClass]
    public sealed class OracleTests
    {
        [TestMethod]
        public void EveryExecutableLineRunsExactlyAsOftenAsItsMarkerSays()
        {
            var folder = Path.Combine(RepoPaths.WovenFixtures, "Oracle");
            var before = LineCalls(folder);
            var result = Driver.RunAll();
            var after = LineCalls(folder);

            StringAssert.Contains(result, "Advanced=", "the fixtures' own results still come out");
            var actual = after.ToDictionary(pair => pair.Key, pair => pair.Value - before.GetValueOrDefault(pair.Key));
            var problems = Compare(SourceMarkers.ExpectedHits(folder), actual);
            Assert.AreEqual(0, problems.Count, "\n" + string.Join("\n", problems));
        }

        [TestMethod]
        [DataRow("Debug")]
        [DataRow("Release")]
        public void TheOracleHoldsInAFreshProcessForDebugAndReleaseCode(string flavor)
        {
            var folder = Path.GetFullPath(Path.Combine(RepoPaths.WovenFixtures, "Oracle")) + Path.DirectorySeparatorChar;
            var run = OracleRun.Of(flavor);
            var actual = run.Lines.Where(l => l.File.StartsWith(folder, System.StringComparison.Ordinal)).ToDictionary(l => (l.File, l.Line), l => l.Calls);
            var problems = Compare(SourceMarkers.ExpectedHits(folder), actual);
            Assert.AreEqual(0, problems.Count, $"{flavor}:\n" + string.Join("\n", problems));

            // Top-level statements: the program's own lines belong to Program.<Main>$ (the lines
            // that print the analysis had not run yet when it was taken).
            var program = run.Lines.Where(l => l.Module == "Program").ToList();
            Assert.IsTrue(program.All(l => l.Function == "<Main>$"), string.Join("\n", program));
            Assert.IsTrue(program.Count(l => l.Calls == 1) >= 2, string.Join("\n", program));
        }

        [TestMethod]
        public void InSetModeEveryLineSaysWhetherItRanAndResultsStayTheSame()
        {
            var folder = Path.GetFullPath(Path.Combine(RepoPaths.WovenFixtures, "Oracle")) + Path.DirectorySeparatorChar;
            var run = OracleRun.Of("Set");
            var actual = run.Lines.Where(l => l.File.StartsWith(folder, System.StringComparison.Ordinal)).ToDictionary(l => (l.File, l.Line), l => l.Calls);
            var ranOrNot = SourceMarkers.ExpectedHits(folder).ToDictionary(p => p.Key, p => System.Math.Min(p.Value, 1L));
            var problems = Compare(ranOrNot, actual);
            Assert.AreEqual(0, problems.Count, "set mode:\n" + string.Join("\n", problems));
            Assert.AreEqual(OracleRun.Of("PlainRelease").Result, run.Result);
        }

        [TestMethod]
        [DataRow("Debug", "PlainDebug")]
        [DataRow("Release", "PlainRelease")]
        public void WovenCodeGivesTheSameResultsAsUnwovenCode(string woven, string plain)
        {
            var wovenRun = OracleRun.Of(woven);
            var plainRun = OracleRun.Of(plain);
            Assert.AreEqual(0, plainRun.Lines.Count, "the plain build has no probes");
            Assert.IsTrue(wovenRun.Lines.Count > 100, "the woven build counts lines");
            Assert.AreEqual(plainRun.Result, wovenRun.Result);
        }

        private static List<string> Compare(Dictionary<(string File, int Line), long> expected, Dictionary<(string File, int Line), long> actual)
        {
            var problems = new List<string>();
            foreach (var (key, hits) in expected.OrderBy(p => p.Key))
            {
                if (!actual.TryGetValue(key, out var counted))
                {
                    problems.Add($"{Path.GetFileName(key.File)}:{key.Line} expected {hits}, but the line is not executable");
                }
                else if (counted != hits)
                {
                    problems.Add($"{Path.GetFileName(key.File)}:{key.Line} expected {hits}, counted {counted}");
                }
            }

            foreach (var key in actual.Keys.Where(k => !expected.ContainsKey(k)).OrderBy(k => k))
            {
                problems.Add($"{Path.GetFileName(key.File)}:{key.Line} is executable (counted {actual[key]}) but has no marker");
            }

            return problems;
        }

        private static Dictionary<(string File, int Line), long> LineCalls(string folder)
        {
            var prefix = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
            return Cover.Analyse(Analysis.Calls, Level.Line)
                .Where(row => row.File != null && Path.GetFullPath(row.File).StartsWith(prefix, System.StringComparison.Ordinal))
                .ToDictionary(row => (Path.GetFullPath(row.File!), row.Line), row => row.Calls);
        }
    }
}
