using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// The test-run workflow under the new <c>dotnet test</c> of Microsoft.Testing.Platform
    /// (global.json's <c>"test": {"runner": "Microsoft.Testing.Platform"}</c>), where no MSBuild
    /// target runs after the tests: samples/Inventory's library with an MSTest runner project and an
    /// xunit.v3 project, built against the packed package, and one <c>dotnet test -p:CoverWeave=true</c>.
    /// </summary>
    [TestClass]
    public sealed class TestingPlatformWorkflowTests
    {
        private static readonly object Gate = new object();
        private static string? _solution;

        [TestMethod]
        public void OneCommandMergesBothTestAppsIntoReportsWhoseFiguresAreTheLineAnalysis()
        {
            var solution = Solution();
            var output = Path.Combine(solution, "TestResults", "merged");
            var (exit, log) = Test(solution, "-p:CoverWeave=true", "-p:CoverWeaveOutput=" + output + "/", "-p:CoverWeaveFormats=\"cobertura,json\"");

            Assert.AreEqual(0, exit, log);
            StringAssert.Contains(log, Path.Combine(output, "coverage.cobertura.xml"), "the reports are listed as the run's artifacts");
            var figures = JsonFigures(Path.Combine(output, "coverage.json"));
            Assert.IsTrue(figures["Inventory.Stock"].Covered > 0, "the MSTest app's code ran:\n" + log);
            Assert.IsTrue(figures["Inventory.Pricing"].Covered > 0, "the xunit.v3 app's code ran:\n" + log);
            Assert.IsFalse(figures.Keys.Any(k => k.Contains("Tests", StringComparison.Ordinal)), "test assemblies are not measured");

            // The export holds both apps' counts: its line analysis is the reports' figures.
            var lines = SnapshotRows.Analyse(File.ReadAllBytes(Path.Combine(output, "coverage.coverweaver")), Level.Line);
            foreach (var module in new[] { "Inventory.Stock", "Inventory.Pricing" })
            {
                Assert.AreEqual((lines[module].Count(l => l.Calls > 0), lines[module].Count), figures[module], module);
            }

            Assert.AreEqual((figures["Inventory.Stock"].Covered + figures["Inventory.Pricing"].Covered, figures["Inventory.Stock"].Total + figures["Inventory.Pricing"].Total), figures["total"]);
        }

        [TestMethod]
        public void AThresholdAboveTheTotalFailsWithTheSummaryAndOneBelowPasses()
        {
            var solution = Solution();
            var output = Path.Combine(solution, "TestResults", "threshold");
            Test(solution, "-p:CoverWeave=true", "-p:CoverWeaveOutput=" + output + "/", "-p:CoverWeaveFormats=json");
            var total = JsonFigures(Path.Combine(output, "coverage.json"))["total"];
            var percent = 100.0 * total.Covered / total.Total;

            var (above, failed) = Test(solution, "-p:CoverWeave=true", "-p:CoverWeaveOutput=" + output + "/", $"-p:CoverWeaveThreshold={Math.Floor(percent) + 1}");
            var (below, passed) = Test(solution, "-p:CoverWeave=true", "-p:CoverWeaveOutput=" + output + "/", $"-p:CoverWeaveThreshold={Math.Floor(percent) - 1}");

            Assert.AreNotEqual(0, above, failed);
            StringAssert.Contains(failed, "below the threshold");
            // dotnet test shows a failing app's output: the summary of the whole run is there.
            var table = SummaryTable.Rows(failed);
            Assert.AreEqual(total, table["Total"], failed);
            StringAssert.Contains(failed, "line coverage of 2 test project run(s)");
            Assert.AreEqual(0, below, passed);
            Assert.IsFalse(passed.Contains("below the threshold", StringComparison.Ordinal), passed);
        }

        [TestMethod]
        public void APlainRunHasNoExtensionAndCollectsNothing()
        {
            var solution = Solution();
            Test(solution, "-p:CoverWeave=true");
            var (exit, log) = Test(solution);

            Assert.AreEqual(0, exit, log);
            Assert.IsFalse(log.Contains("CoverWeaver", StringComparison.Ordinal), log);
            var extension = Directory.GetFiles(solution, "CoverWeaver.TestingPlatform.dll", SearchOption.AllDirectories).Where(f => f.Contains(Path.Combine("bin", ""), StringComparison.Ordinal)).ToList();
            Assert.IsEmpty(extension, "a plain build does not ship the extension: " + string.Join(", ", extension));
            Assert.IsEmpty(Directory.GetFiles(solution, "coverweaver.settings", SearchOption.AllDirectories));
        }

        [TestMethod]
        public void TheOldVSTestBridgeModeOfPlatform1xGetsTheMSBuildSummaryAndThreshold()
        {
            // Microsoft.Testing.Platform 2.x refuses this mode on the .NET 10 SDK; its 1.x (MSTest 3) runs it.
            var package = PackedPackage.Instance;
            var dir = package.NewInventory("TestRunMtpBridge", "Inventory.MSTests");
            package.WriteProject(Path.Combine(dir, "Inventory.MSTests", "Inventory.MSTests.csproj"), TestAppXml(
                "<EnableMSTestRunner>true</EnableMSTestRunner><TestingPlatformDotnetTestSupport>true</TestingPlatformDotnetTestSupport>",
                "<PackageReference Include=\"MSTest\" Version=\"3.11.1\" />"));

            var (passedExit, passed) = DotNet.Run(dir, new Dictionary<string, string>(package.Environment), "test", "Inventory.MSTests", "-p:CoverWeave=true");
            var total = SummaryTable.Rows(passed)["Total"];
            var (failedExit, failed) = DotNet.Run(dir, new Dictionary<string, string>(package.Environment), "test", "Inventory.MSTests", "-p:CoverWeave=true",
                $"-p:CoverWeaveThreshold={Math.Floor(100.0 * total.Covered / total.Total) + 1}");

            Assert.AreEqual(0, passedExit, passed);
            Assert.IsTrue(total.Covered > 0, passed);
            Assert.AreNotEqual(0, failedExit, failed);
            StringAssert.Contains(failed, "below the threshold");
        }

        /// <summary>"Type" (a module), or "total" → (covered, total) from coverage.json.</summary>
        private static Dictionary<string, (int Covered, int Total)> JsonFigures(string path)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            static (int, int) Figure(JsonElement e) => (e.GetProperty("covered").GetInt32(), e.GetProperty("total").GetInt32());
            var figures = new Dictionary<string, (int, int)> { ["total"] = Figure(json.RootElement.GetProperty("total")) };
            foreach (var assembly in json.RootElement.GetProperty("assemblies").EnumerateArray())
            {
                foreach (var module in assembly.GetProperty("modules").EnumerateArray())
                {
                    figures[module.GetProperty("name").GetString()!] = Figure(module.GetProperty("lines"));
                }
            }

            return figures;
        }

        private static (int ExitCode, string Output) Test(string solution, params string[] extra)
        {
            var package = PackedPackage.Instance;
            return DotNet.Run(solution, new Dictionary<string, string>(package.Environment), new[] { "test", "--solution", "Inventory.slnx" }.Concat(extra).ToArray());
        }

        /// <summary>The sample solution in Microsoft.Testing.Platform's form, made once, its library referencing the packed package.</summary>
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
                var dir = package.NewInventory("TestRunMtp", "Inventory.MSTests", "Inventory.XunitTests");
                File.WriteAllText(Path.Combine(dir, "global.json"), "{ \"test\": { \"runner\": \"Microsoft.Testing.Platform\" } }\n");
                package.WriteProject(Path.Combine(dir, "Inventory.MSTests", "Inventory.MSTests.csproj"), TestAppXml("<EnableMSTestRunner>true</EnableMSTestRunner>", "<PackageReference Include=\"MSTest\" Version=\"4.5.2\" />"));
                package.WriteProject(Path.Combine(dir, "Inventory.XunitTests", "Inventory.XunitTests.csproj"), TestAppXml("", "<PackageReference Include=\"xunit.v3.mtp-v2\" Version=\"4.0.2\" />"));
                File.Copy(Path.Combine(sample, "Inventory.slnx"), Path.Combine(dir, "Inventory.slnx"));
                _solution = dir;
                return dir;
            }
        }

        private static string TestAppXml(string property, string package) => $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Exe</OutputType>
    {property}
  </PropertyGroup>
  <ItemGroup>
    {package}
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include=""../Inventory/Inventory.csproj"" />
  </ItemGroup>
</Project>
";
    }
}
