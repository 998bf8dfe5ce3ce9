using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Tool
{
    /// <summary>
    /// The acceptance case for the command: a console app built outside the repository
    /// with <c>dotnet publish</c>, instrumented in its publish folder with <c>coverweaver
    /// instrument</c>, run with <c>COVERWEAVER_DATA</c>, and reported with <c>coverweaver report</c>
    /// and <c>analyse</c>: every line's count is the one its "hits N" comment says; and
    /// <c>--restore</c> gives back every file of the folder byte for byte.
    /// </summary>
    [TestClass]
    public sealed class ToolAcceptanceTests
    {
        [TestMethod]
        [DataRow(false, DisplayName = "framework-dependent publish")]
        [DataRow(true, DisplayName = "ReadyToRun publish")]
        public void APublishedAppInstrumentedRunAndReportedCountsExactlyAndRestoresByteForByte(bool readyToRun)
        {
            using var temp = new TempDirectory();
            var source = temp.Combine("src");
            Directory.CreateDirectory(source);
            foreach (var file in Directory.GetFiles(RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", "ToolApp")))
            {
                File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
            }

            var published = temp.Combine("publish");
            var publish = new List<string> { "publish", "-c", "Release", "-o", published };
            if (readyToRun)
            {
                // ReadyToRun code is precompiled from the IL; instrumenting writes the woven IL alone.
                var rid = "linux-" + System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
                publish.AddRange(new[] { "-r", rid, "--self-contained", "false", "-p:PublishReadyToRun=true" });
            }

            DotNet.Succeed(source, null, publish.ToArray());
            var before = Hashes(published);

            var instrument = CoverWeaverTool.Run("instrument", published);
            var again = CoverWeaverTool.Run("instrument", published);

            Assert.AreEqual(0, instrument.ExitCode, instrument.ToString());
            StringAssert.Contains(instrument.Output, "Instrumented 1 assemblies", instrument.ToString());
            Assert.IsTrue(File.Exists(Path.Combine(published, "CoverWeaver.dll")), "the runtime is beside the woven app");
            Assert.AreEqual(0, again.ExitCode, again.ToString());
            StringAssert.Contains(again.Output, "Already instrumented, left as they are: ToolApp.dll", "instrumenting twice changes nothing");

            var data = temp.Combine("data");
            var ran = DotNet.Succeed(published, new Dictionary<string, string> { ["COVERWEAVER_DATA"] = data }, Path.Combine(published, "ToolApp.dll"));
            StringAssert.Contains(ran, "total 5");

            var reports = temp.Combine("reports");
            var report = CoverWeaverTool.Run("report", data, "--format", "lcov,export", "--output", reports);
            var analyse = CoverWeaverTool.Run("analyse", data, "--module", "ToolApp.Program", "--analysis", "calls", "--level", "line");

            var program = Path.Combine(source, "Program.cs");
            var expected = SourceMarkers.ExpectedHits(source).ToDictionary(e => e.Key.Line, e => e.Value);
            Assert.AreEqual(0, report.ExitCode, report.ToString());
            var record = LcovRecords.Parse(File.ReadAllText(Path.Combine(reports, "coverage.info"))).Single();
            Assert.AreEqual(program, record.File);
            CollectionAssert.AreEquivalent(expected.OrderBy(e => e.Key).ToList(), record.Lines.OrderBy(e => e.Key).ToList(), "LCOV: every executable line with its exact count");
            Assert.IsTrue(File.Exists(Path.Combine(reports, "coverage.coverweaver")));
            Assert.AreEqual(0, analyse.ExitCode, analyse.ToString());
            CollectionAssert.AreEqual(
                expected.OrderBy(e => e.Key).Select(e => $"{{{{ToolApp.Program,{e.Key}}},{e.Value}}}").ToList(),
                analyse.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList(),
                "analyse: Erlang's line tuples with the same counts");

            var restore = CoverWeaverTool.Run("instrument", published, "--restore");

            Assert.AreEqual(0, restore.ExitCode, restore.ToString());
            CollectionAssert.AreEquivalent(before.ToList(), Hashes(published).ToList(), "every file as dotnet publish wrote it, and nothing else");
        }

        [TestMethod]
        public void AFolderWithoutPdbsExitsWith1SayingHowToBuildOne()
        {
            using var temp = new TempDirectory();
            temp.CopyFromOutput("CoverWeaver.Tests.Plain.dll");
            var before = Hashes(temp.Path);

            var run = CoverWeaverTool.Run("instrument", temp.Path);

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Error, "portable PDB");
            StringAssert.Contains(run.Error, "<DebugType>portable</DebugType>");
            CollectionAssert.AreEquivalent(before.ToList(), Hashes(temp.Path).ToList(), "nothing is written");
        }

        [TestMethod]
        public void InstrumentingToAnOutputFolderLeavesTheInputUntouched()
        {
            using var temp = new TempDirectory();
            var input = temp.Combine("in");
            Directory.CreateDirectory(input);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "CoverWeaver.Tests.Plain.dll"), Path.Combine(input, "CoverWeaver.Tests.Plain.dll"));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "CoverWeaver.Tests.Plain.pdb"), Path.Combine(input, "CoverWeaver.Tests.Plain.pdb"));
            var before = Hashes(input);
            var output = temp.Combine("out");

            var run = CoverWeaverTool.Run("instrument", input, "--output", output, "--mode", "set", "--exclude-types", "Nothing*");
            var restore = CoverWeaverTool.Run("instrument", input, "--restore");

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            StringAssert.Contains(run.Output, "set mode");
            CollectionAssert.AreEquivalent(before.ToList(), Hashes(input).ToList(), "the input is as it was");
            CollectionAssert.AreEquivalent(
                new[] { "CoverWeaver.Tests.Plain.dll", "CoverWeaver.Tests.Plain.pdb", "CoverWeaver.dll" },
                Directory.GetFiles(output).Select(Path.GetFileName).ToArray());
            Assert.AreEqual(1, restore.ExitCode, "nothing to restore where nothing was changed: " + restore);
            StringAssert.Contains(restore.Error, "Nothing to restore");
        }

        /// <summary>Every file under a folder (relative path) with its SHA-256.</summary>
        private static Dictionary<string, string> Hashes(string folder)
        {
            return Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);
        }
    }
}
