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
            var expected = SourceMarkers.ExpectedHits(folder);
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

            Assert.AreEqual(0, problems.Count, "\n" + string.Join("\n", problems));
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
