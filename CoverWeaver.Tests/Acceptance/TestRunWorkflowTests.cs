using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// The test-run workflow as a team gets it: samples/Inventory (a library, an MSTest project and
    /// an xUnit project, each testing other code) built against the packed package, and
    /// <c>dotnet test -p:CoverWeave=true</c> with no code in the tests and no variable set.
    /// </summary>
    [TestClass]
    public sealed class TestRunWorkflowTests
    {
        private static readonly object Gate = new object();
        private static string? _solution;

        [TestMethod]
        public void OneCommandMergesEveryTestProjectIntoOneSummaryThatIsTheLineAnalysis()
        {
            var solution = Solution();
            var (exit, output) = Test(solution, "-p:CoverWeave=true");

            Assert.AreEqual(0, exit, output);
            var table = SummaryTable.Rows(output);
            Assert.IsTrue(table["Inventory.Stock (Inventory)"].Covered > 0, "the MSTest project's code ran:\n" + output);
            Assert.IsTrue(table["Inventory.Pricing (Inventory)"].Covered > 0, "the xUnit project's code ran:\n" + output);
            Assert.IsFalse(table.Keys.Any(k => k.Contains("Tests", StringComparison.Ordinal)), "test assemblies are not measured:\n" + output);

            // The reports hold the run's data: imported here, its line analysis is the summary's figures.
            var export = Path.Combine(solution, "TestResults", "coverweaver", "coverage.coverweaver");
            Cover.Import(export);
            foreach (var module in new[] { "Inventory.Stock", "Inventory.Pricing" })
            {
                var lines = Cover.Analyse(module + ", Inventory", Analysis.Coverage, Level.Line);
                var row = table[module + " (Inventory)"];
                Assert.AreEqual((lines.Count(l => l.Covered > 0), lines.Count), (row.Covered, row.Total), module);
            }

            Assert.AreEqual((table["Inventory.Stock (Inventory)"].Covered + table["Inventory.Pricing (Inventory)"].Covered,
                             table["Inventory.Stock (Inventory)"].Total + table["Inventory.Pricing (Inventory)"].Total),
                            (table["Total"].Covered, table["Total"].Total));
            Assert.IsTrue(File.Exists(Path.Combine(solution, "TestResults", "coverweaver", "coverage.cobertura.xml")), "the default report is written");
            StringAssert.Contains(output, "line coverage of 2 test project run(s)");
        }

        [TestMethod]
        public void TheRunsCoberturaAndLcovGiveTheSummarysTotalsInReportGeneratorAndGenhtml()
        {
            var solution = Solution();
            var output = Path.Combine(solution, "TestResults", "formats");
            var (exit, log) = Test(solution, "-p:CoverWeave=true", "-p:CoverWeaveOutput=" + output + "/", "-p:CoverWeaveFormats=\"cobertura,lcov,html,json\"");
            Assert.AreEqual(0, exit, log);
            var total = SummaryTable.Rows(log)["Total"];
            Assert.IsTrue(File.Exists(Path.Combine(output, "html", "index.html")), "the HTML report is written");
            Assert.IsTrue(File.Exists(Path.Combine(output, "coverage.json")), "the JSON summary is written");

            var rg = ExternalTools.Run(ExternalTools.ReportGenerator(), solution, "-reports:" + Path.Combine(output, "coverage.cobertura.xml"),
                "-targetdir:" + Path.Combine(output, "rg"), "-reporttypes:JsonSummary", "-verbosity:Warning");
            Assert.AreEqual(0, rg.Exit, rg.Output + rg.Error);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "rg", "Summary.json")));
            var summary = json.RootElement.GetProperty("summary");
            Assert.AreEqual(total, (summary.GetProperty("coveredlines").GetInt32(), summary.GetProperty("coverablelines").GetInt32()), "ReportGenerator's totals");

            var genhtml = ExternalTools.Run(ExternalTools.Genhtml(), solution, "--output-directory", Path.Combine(output, "genhtml"), Path.Combine(output, "coverage.info"));
            Assert.AreEqual(0, genhtml.Exit, genhtml.Output + genhtml.Error);
            var printed = Regex.Match(genhtml.Output, @"lines\.+: [0-9.]+% \((\d+) of (\d+) lines\)");
            Assert.IsTrue(printed.Success, genhtml.Output);
            Assert.AreEqual(total, (int.Parse(printed.Groups[1].Value), int.Parse(printed.Groups[2].Value)), "genhtml's totals");
        }

        [TestMethod]
        public void AThresholdAboveTheTotalFailsNamingTheFigureAndOneBelowPasses()
        {
            var solution = Solution();
            var (_, first) = Test(solution, "-p:CoverWeave=true");
            var total = SummaryTable.Rows(first)["Total"];
            var percent = 100.0 * total.Covered / total.Total;

            var (above, failed) = Test(solution, "-p:CoverWeave=true", $"-p:CoverWeaveThreshold={Math.Floor(percent) + 1}");
            var (below, passed) = Test(solution, "-p:CoverWeave=true", $"-p:CoverWeaveThreshold={Math.Floor(percent) - 1}");

            Assert.AreNotEqual(0, above, failed);
            StringAssert.Contains(failed, "below the threshold");
            StringAssert.Contains(failed, "Inventory");
            Assert.AreEqual(0, below, passed);
        }

        [TestMethod]
        public void APlainTestRunCollectsNothingAndLeavesNoSettingsBehind()
        {
            var solution = Solution();
            Test(solution, "-p:CoverWeave=true");
            var (exit, output) = Test(solution);

            Assert.AreEqual(0, exit, output);
            Assert.IsFalse(output.Contains("CoverWeaver: line coverage", StringComparison.Ordinal), output);
            var settings = Directory.GetFiles(solution, "coverweaver.settings", SearchOption.AllDirectories);
            Assert.IsEmpty(settings, "a plain build removes the settings file: " + string.Join(", ", settings));
        }

        private static (int ExitCode, string Output) Test(string solution, params string[] extra)
        {
            var package = PackedPackage.Instance;
            return DotNet.Run(solution, new Dictionary<string, string>(package.Environment), new[] { "test", "Inventory.slnx" }.Concat(extra).ToArray());
        }

        /// <summary>The sample solution, made once, its library referencing the packed package.</summary>
        private static string Solution()
        {
            lock (Gate)
            {
                if (_solution != null)
                {
                    return _solution;
                }

                var package = PackedPackage.Instance;
                var sample = Path.Combine(RepoPaths.Root, "samples", "Inventory");
                var dir = package.NewInventory("TestRun", "Inventory.MSTests", "Inventory.XunitTests");
                foreach (var tests in new[] { "Inventory.MSTests", "Inventory.XunitTests" })
                {
                    // A user's test project: the SDK's form, no import of ours; the package's targets reach it through the library.
                    var xml = File.ReadAllText(Path.Combine(sample, tests, tests + ".csproj"));
                    xml = xml.Replace("<Project>\n  <Import Project=\"Sdk.props\" Sdk=\"Microsoft.NET.Sdk\" />", "<Project Sdk=\"Microsoft.NET.Sdk\">");
                    xml = Regex.Replace(xml, @"\s*<Import Project=""Sdk.targets"" Sdk=""Microsoft.NET.Sdk"" />\s*<!--[^>]*-->\s*<Import Project=""\$\(RepositoryRoot\)build/CoverWeaver.InRepo.Tests.targets"" />", "");
                    Assert.IsFalse(xml.Contains("InRepo", StringComparison.Ordinal), "the sample's in-repo imports are gone:\n" + xml);
                    File.WriteAllText(Path.Combine(dir, tests, tests + ".csproj"), xml);
                }

                File.Copy(Path.Combine(sample, "Inventory.slnx"), Path.Combine(dir, "Inventory.slnx"));
                _solution = dir;
                return dir;
            }
        }
    }
}
