extern alias runtime;

using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Server;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;
using static CoverWeaver.Tests.Support.SyntheticCoverage;

namespace CoverWeaver.Tests.Tool
{
    /// <summary>
    /// The coverweaver command's verbs run as a user runs them: help, the exit codes scripts rely
    /// on (0 done, 1 coverage or input problem, 2 usage error), messages that name the file and the
    /// fix, and what merge, analyse, report and snapshot compute.
    /// </summary>
    [TestClass]
    public sealed class ToolVerbTests
    {
        private const string Type = "Tool.Sample";

        [TestMethod]
        [DataRow(new string[0], DisplayName = "coverweaver")]
        [DataRow(new[] { "instrument" })]
        [DataRow(new[] { "merge" })]
        [DataRow(new[] { "snapshot" })]
        [DataRow(new[] { "analyse" })]
        [DataRow(new[] { "report" })]
        public void EveryVerbHasHelp(string[] verb)
        {
            var run = CoverWeaverTool.Run(verb.Concat(new[] { "--help" }).ToArray());

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Output, "Usage:", run.ToString());
            StringAssert.Contains(run.Output, ("coverweaver " + string.Join(" ", verb)).Trim(), run.ToString());
        }

        [TestMethod]
        [DataRow(new string[0], "Required command", DisplayName = "no verb")]
        [DataRow(new[] { "cover" }, "cover", DisplayName = "an unknown verb")]
        [DataRow(new[] { "merge", "a.coverweaver" }, "--output", DisplayName = "merge without --output")]
        [DataRow(new[] { "analyse", "a.coverweaver", "--level", "statement" }, "statement", DisplayName = "an unknown level")]
        [DataRow(new[] { "report", "a.coverweaver", "--format", "pdf", "--output", "out" }, "is not a report format; the formats are cobertura, lcov, json, html, export", DisplayName = "an unknown format")]
        [DataRow(new[] { "snapshot", "localhost:9464", "--output", "s.coverweaver" }, "http://", DisplayName = "a snapshot URL without a scheme")]
        [DataRow(new[] { "instrument", ".", "--restore", "--output", "out" }, "leave out --output", DisplayName = "restore with --output")]
        [DataRow(new[] { "instrument", ".", "--mode", "sometimes" }, "sometimes", DisplayName = "an unknown mode")]
        public void UsageErrorsExitWith2AndSayWhatIsWrong(string[] args, string said)
        {
            var run = CoverWeaverTool.Run(args);

            Assert.AreEqual(2, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, said, run.ToString());
        }

        [TestMethod]
        public void AMissingInputExitsWith1NamingItAndWhatToGive()
        {
            using var temp = new TempDirectory();
            var missing = temp.Combine("nowhere.coverweaver");

            var run = CoverWeaverTool.Run("analyse", missing);

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, missing);
            StringAssert.Contains(run.Error, "Name an export file");
        }

        [TestMethod]
        public void AnEmptyDirectoryExitsWith1NamingItAndCoverweaverData()
        {
            using var temp = new TempDirectory();

            var run = CoverWeaverTool.Run("report", temp.Path, "--format", "lcov", "--output", temp.Combine("out"));

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, temp.Path);
            StringAssert.Contains(run.Error, "COVERWEAVER_DATA");
            Assert.IsFalse(Directory.Exists(temp.Combine("out")), "no report is written from nothing");
        }

        [TestMethod]
        public void ADamagedFileExitsWith1NamingIt()
        {
            using var temp = new TempDirectory();
            var path = Export(temp, "damaged", Table("Lib", Type, CountingMode.Count), 3, 2);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length - 1] ^= 0xff;
            File.WriteAllBytes(path, bytes);

            var run = CoverWeaverTool.Run("merge", path, "--output", temp.Combine("merged.coverweaver"));

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, path);
            StringAssert.Contains(run.Error, "collect it again");
            Assert.IsFalse(File.Exists(temp.Combine("merged.coverweaver")));
        }

        [TestMethod]
        public void TwoBuildsOfOneModuleAreMergedApartAndAnalysingThemSaysWhy()
        {
            using var temp = new TempDirectory();
            var table = Table("Lib", Type, CountingMode.Count);
            var first = Export(temp, "first", table, 1, 1);
            var second = Export(temp, "second", OtherBuild(table), 2, 0);

            var merge = CoverWeaverTool.Run("merge", first, second, "--output", temp.Combine("merged.coverweaver"));
            var analyse = CoverWeaverTool.Run("analyse", temp.Combine("merged.coverweaver"), "--module", Type);

            Assert.AreEqual(0, merge.ExitCode, merge.ToString());
            var merged = CoverageFile.Decode(File.ReadAllBytes(temp.Combine("merged.coverweaver")), "merged");
            CollectionAssert.AreEqual(new long[] { 1, 1, 2, 0 }, merged.SelectMany(m => m.Counts).ToArray(), "each build kept with its own counts, never added");
            Assert.AreEqual(1, analyse.ExitCode, analyse.ToString());
            StringAssert.Contains(analyse.Error, "2 builds");
            StringAssert.Contains(analyse.Error, "coverweaver report");
        }

        [TestMethod]
        public void MergingTwoExportsGivesTheirSum()
        {
            using var temp = new TempDirectory();
            var table = Table("Lib", Type, CountingMode.Count);
            var first = Export(temp, "first", table, 3, 2);
            var second = Export(temp, "second", table, 4, 0);
            var merged = temp.Combine("merged.coverweaver");

            var run = CoverWeaverTool.Run("merge", first, second, "--output", merged);

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            var snapshot = CoverageFile.Decode(File.ReadAllBytes(merged), merged).Single();
            Assert.AreEqual(Type, snapshot.Module.Name);
            CollectionAssert.AreEqual(new[] { 7L, 2L }, snapshot.Counts);
        }

        [TestMethod]
        public void AnalysePrintsErlangsTuplesOfTheSum()
        {
            using var temp = new TempDirectory();
            var table = Table("Lib", Type, CountingMode.Count);
            var first = Export(temp, "first", table, 3, 0);
            var second = Export(temp, "second", table, 4, 0);

            var coverage = CoverWeaverTool.Run("analyse", first, second, "--module", Type);
            var calls = CoverWeaverTool.Run("analyse", first, second, "--analysis", "calls", "--level", "line");
            var unknown = CoverWeaverTool.Run("analyse", first, "--module", "Tool.Nothing");

            Assert.AreEqual(0, coverage.ExitCode, coverage.ToString());
            Assert.AreEqual("{Tool.Sample,{1,1}}", coverage.Output.Trim());
            Assert.AreEqual(0, calls.ExitCode, calls.ToString());
            CollectionAssert.AreEqual(new[] { "{{Tool.Sample,10},7}", "{{Tool.Sample,11},0}" }, Lines(calls.Output));
            Assert.AreEqual(1, unknown.ExitCode, unknown.ToString());
            StringAssert.Contains(unknown.Error, "No module Tool.Nothing");
            StringAssert.Contains(unknown.Error, Type, "it says what is there");
        }

        [TestMethod]
        public void ReportWritesLcovAndAnExportThatReadsBackAsTheSum()
        {
            using var temp = new TempDirectory();
            var table = Table("Lib", Type, CountingMode.Count);
            var first = Export(temp, "first", table, 3, 0);
            var second = Export(temp, "second", table, 4, 1);
            var output = temp.Combine("report");

            var run = CoverWeaverTool.Run("report", first, second, "--format", "lcov,export", "--output", output);

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            var lcov = File.ReadAllText(Path.Combine(output, "coverage.info"));
            StringAssert.Contains(lcov, "SF:/src/Tool.Sample.cs\n");
            StringAssert.Contains(lcov, "DA:10,7\nDA:11,1\n");
            var export = Path.Combine(output, "coverage.coverweaver");
            CollectionAssert.AreEqual(new[] { 7L, 1L }, CoverageFile.Decode(File.ReadAllBytes(export), export).Single().Counts);
        }

        [TestMethod]
        public void SnapshotSavesALiveProcesssCountsAndResetsThemWithTheToken()
        {
            const string Token = "tool-secret";
            using var temp = new TempDirectory();
            Fixtures.Woven.Tally.Twice(3);
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            var url = $"http://127.0.0.1:{server.Port}";
            var saved = temp.Combine("live.coverweaver");

            var noToken = CoverWeaverTool.Run("snapshot", url, "--output", saved);
            var plain = CoverWeaverTool.Run("snapshot", url, "--token", Token, "--output", saved);

            Assert.AreEqual(1, noToken.ExitCode, noToken.ToString());
            StringAssert.Contains(noToken.Error, "401");
            StringAssert.Contains(noToken.Error, "--token");
            Assert.AreEqual(0, plain.ExitCode, plain.ToString());
            var tally = CoverageFile.Decode(File.ReadAllBytes(saved), saved).Single(s => s.Module.Name == WovenModules.TallyName);
            Assert.IsGreaterThan(0L, tally.Counts.Sum(), "the process's counts are in the file");

            var reset = CoverWeaverTool.Run("snapshot", url + "/", "--reset", "--token", Token, "--output", saved);
            var merged = CoverWeaverTool.Run("analyse", url, "--token", Token, "--module", WovenModules.TallyName, "--analysis", "calls");

            Assert.AreEqual(0, reset.ExitCode, reset.ToString());
            StringAssert.Contains(reset.Output, "counters reset");
            Assert.AreEqual(0, merged.ExitCode, merged.ToString());
            Assert.AreEqual("{" + WovenModules.TallyName + ",0}", merged.Output.Trim(), "the reset zeroed the counters, and a URL is an input like a file");
        }

        [TestMethod]
        public void ASnapshotFromNothingListeningExitsWith1NamingTheAddress()
        {
            using var temp = new TempDirectory();
            var run = CoverWeaverTool.Run("snapshot", "http://127.0.0.1:9", "--output", temp.Combine("s.coverweaver"));

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, "http://127.0.0.1:9");
            StringAssert.Contains(run.Error, "Is it running?");
        }

        private static string[] Lines(string text) => text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }
}
