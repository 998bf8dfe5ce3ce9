extern alias runtime;

using System;
using System.IO;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
using CoverWeaver.Report;
using CoverWeaver.Reports;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;
using static CoverWeaver.Tests.Support.SyntheticCoverage;

namespace CoverWeaver.Tests.Data
{
    /// <summary>
    /// One module in two builds whose code differs (a library built for two target frameworks with an
    /// <c>#if</c>): counts of a build are summed, builds are kept apart, and reports combine them by
    /// source line. Hand-made probe tables: build A has lines 10 and 11 of Lib.Shared; build B has
    /// lines 10 and 12 (its #if branch).
    /// </summary>
    [TestClass]
    public sealed class ModuleBuildsTests
    {
        private const string Type = "Lib.Shared";

        [TestMethod]
        public void PartsOfOneBuildAreSummedAndAnotherBuildIsKeptBesideIt()
        {
            var sums = SnapshotSum.Sum(new[]
            {
                (Part(BuildA(), 1, 2), "a1"),
                (Part(BuildB(), 5, 0), "b"),
                (Part(BuildA(), 3, 0), "a2"),
            });

            Assert.HasCount(2, sums, "two builds, one snapshot each");
            CollectionAssert.AreEqual(new long[] { 4, 2 }, sums[0].Counts, "build A's parts added");
            CollectionAssert.AreEqual(new long[] { 5, 0 }, sums[1].Counts, "build B never added to A");
            Assert.AreEqual(sums[0].Id, sums[1].Id, "one module");
        }

        [TestMethod]
        public void BuildsOfOneModuleInTwoCountingModesAreRefusedNamingBoth()
        {
            var set = Table("Lib", Type, CountingMode.Set, fingerprint: 91);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => SnapshotSum.Sum(new[] { (Part(BuildA(), 1, 1), "a"), (Snapshot(set, 1, 0), "s") }));

            StringAssert.Contains(e.Message, Type);
            StringAssert.Contains(e.Message, "set mode");
            StringAssert.Contains(e.Message, "count mode");
        }

        [TestMethod]
        public void OneBuildWithTwoCounterCountsIsDamageAndRefused()
        {
            var a = BuildA();
            var damaged = BuildA();
            damaged.Modules[0].SlotCount = 3;
            damaged.SlotCount = 3;

            var e = Assert.ThrowsExactly<InvalidDataException>(() => SnapshotSum.Sum(new[]
            {
                (Part(a, 1, 1), "a"),
                (new ModuleSnapshot(damaged, damaged.Modules[0], new long[] { 1, 1, 1 }), "damaged"),
            }));

            StringAssert.Contains(e.Message, "3 counters");
            StringAssert.Contains(e.Message, "damaged");
        }

        [TestMethod]
        public void OneBuildTwiceIsRefusedByTheReportsAsUnsummed()
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => ModuleBuilds.Group(new[] { Part(BuildA(), 1, 1), Part(BuildA(), 1, 1) }));

            StringAssert.Contains(e.Message, "sum its data");
        }

        [TestMethod]
        public void BuildLinesAreEveryBuildsLinesWithTheirCountsSummed()
        {
            var lines = BuildLines.Of(new[] { Part(BuildA(), 3, 0), Part(BuildB(), 4, 2) })["/src/" + Type + ".cs"];

            CollectionAssert.AreEqual(new[] { 10, 11, 12 }, lines.Keys.ToArray(), "a line is executable when any build has it");
            CollectionAssert.AreEqual(new long[] { 7, 0, 2 }, lines.Values.ToArray(), "line 10 ran 3 + 4 times; 11 never; 12 twice");
        }

        [TestMethod]
        public void EveryReportCountsTheModulesDistinctLinesOverBothBuilds()
        {
            var builds = new[] { Part(BuildA(), 3, 0), Part(BuildB(), 4, 2) };

            var figures = LineFigures.Of(builds);
            var module = figures.Modules.Single();
            Assert.AreEqual((2, 3), (module.Lines.Covered, module.Lines.Total), "lines 10 and 12 ran, 11 did not");
            Assert.AreEqual((2, 3), (figures.Total.Covered, figures.Total.Total));
            Assert.HasCount(2, module.Builds);
            StringAssert.Contains(TextSummary.Write(builds), "2/3");

            var lcov = Lcov.Write(builds);
            StringAssert.Contains(lcov, "DA:10,7\nDA:11,0\nDA:12,2\nLF:3\nLH:2\n");
            StringAssert.Contains(lcov, "FN:10," + Type + ".Run/0\nFNDA:7," + Type + ".Run/0\nFNF:1\n", "the method, the same in both builds (same name, same first line), is one function entered 3 + 4 times");
        }

        [TestMethod]
        public void TheExportKeepsEachBuildAndReadsBackAsIs()
        {
            var bytes = CoverageFile.Encode(SnapshotSum.Sum(new[] { (Part(BuildA(), 3, 0), "a"), (Part(BuildB(), 4, 2), "b") }));

            var read = CoverageFile.Decode(bytes, "the export");

            Assert.HasCount(2, read);
            CollectionAssert.AreEqual(new ulong[] { 71, 72 }, read.Select(s => s.Module.Fingerprint).ToArray());
            CollectionAssert.AreEqual(new long[] { 3, 0, 4, 2 }, read.SelectMany(s => s.Counts).ToArray());
        }

        [TestMethod]
        public void ImportingTwoBuildsOfAModuleIsRefusedNamingBothAndTheFilter()
        {
            using var temp = new TempDirectory();
            var type = "Lib.Shared" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var path = temp.Combine("both.coverweaver");
            File.WriteAllBytes(path, CoverageFile.Encode(new[] { Part(BuildA(type), 1, 1), Part(BuildB(type), 1, 1) }));

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(path));

            StringAssert.Contains(e.Message, type);
            StringAssert.Contains(e.Message, "2 builds");
            StringAssert.Contains(e.Message, "ImportFilter.Build");
            StringAssert.Contains(e.Message, "Nothing was imported");
            Assert.IsFalse(Cover.Modules().Contains(type), "nothing was imported");
        }

        private static AssemblyProbeTable BuildA(string type = Type) => Build(type, 71, 11);

        private static AssemblyProbeTable BuildB(string type = Type) => Build(type, 72, 12);

        /// <summary>Lib's build <paramref name="fingerprint"/>: its module runs line 10 (slot 0) and <paramref name="second"/> (slot 1).</summary>
        private static AssemblyProbeTable Build(string type, ulong fingerprint, int second)
        {
            var table = Table("Lib", type, CountingMode.Count, fingerprint);
            var clause = table.Modules[0].Clauses[0];
            clause.Lines[1] = new LineProbe(0, second, 1);
            return table;
        }

        private static ModuleSnapshot Part(AssemblyProbeTable table, long first, long second) => Snapshot(table, first, second);
    }
}
