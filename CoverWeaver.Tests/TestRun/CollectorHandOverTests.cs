extern alias platform;

using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using CoverWeaver.MSBuild;
using CoverWeaver.Reports;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using CollectorResult = platform::CoverWeaver.TestingPlatform.CollectorResult;
using CommandSession = platform::CoverWeaver.TestingPlatform.CommandSession;

namespace CoverWeaver.Tests.TestRun
{
    /// <summary>
    /// What passes between a Microsoft.Testing.Platform test app and the collector it starts: the
    /// settings the build wrote, the result the collector writes back, and the session the apps of
    /// one command share.
    /// </summary>
    [TestClass]
    public sealed class CollectorHandOverTests
    {
        [TestMethod]
        public void TheCollectorsResultReadsBackInTheTestAppAsWritten()
        {
            using var temp = new TempDirectory();
            var outcome = new CollectOutcome { Complete = true, Total = new Figure(12, 21), Threshold = (80.5, ThresholdStat.Minimum) };
            outcome.Reports.Add("/out/coverage.cobertura.xml");
            outcome.Reports.Add("/out/html/index.html");
            outcome.Failures.Add(new ThresholdFailure("assembly", "Inventory", 57.142857142857146));
            outcome.Failures.Add(new ThresholdFailure("module", "Inventory.Stock, Inventory", 50));
            File.WriteAllText(temp.Combine("result"), Program.Result(outcome));

            var read = CollectorResult.Read(temp.Combine("result"));

            Assert.IsTrue(read.Complete);
            Assert.AreEqual((12L, 21L), read.Total);
            CollectionAssert.AreEqual(new[] { "/out/coverage.cobertura.xml", "/out/html/index.html" }, read.Reports);
            Assert.AreEqual((80.5, "minimum"), read.Threshold);
            Assert.HasCount(2, read.Failures);
            Assert.AreEqual(("assembly", 57.142857142857146, "Inventory"), read.Failures[0], "the exact figure, not the printed one");
            Assert.AreEqual(("module", 50.0, "Inventory.Stock, Inventory"), read.Failures[1]);
        }

        [TestMethod]
        public void AnIncompleteRunHandsOverNoVerdict()
        {
            using var temp = new TempDirectory();
            File.WriteAllText(temp.Combine("result"), Program.Result(new CollectOutcome { Threshold = (80, ThresholdStat.Total) }));

            var read = CollectorResult.Read(temp.Combine("result"));

            Assert.IsFalse(read.Complete);
            Assert.IsNull(read.Total);
            Assert.IsEmpty(read.Failures);
            Assert.IsFalse(CollectorResult.Read(temp.Combine("missing")).Complete, "a collector that wrote nothing handed nothing over");
        }

        [TestMethod]
        public void SettingsWithoutAKeyTheCollectorNeedsNameItAndTheFix()
        {
            using var temp = new TempDirectory();
            File.WriteAllText(temp.Combine("coverweaver.settings"), "data=/c\ncollector=/t/CoverWeaver.MSBuild.dll\nsessions=/s\nframework=net10.0\noutput=/o\n");

            var e = Assert.ThrowsExactly<ArgumentException>(() => CollectSettings.Read(temp.Combine("coverweaver.settings"), "command-1-2", alone: false));

            StringAssert.Contains(e.Message, "'project='");
            StringAssert.Contains(e.Message, "-p:CoverWeave=true");
        }

        [TestMethod]
        public void TheSettingsGiveTheCollectorTheRequestTheTaskGetsAsParameters()
        {
            using var temp = new TempDirectory();
            File.WriteAllText(temp.Combine("coverweaver.settings"),
                "data=/c\ncollector=/t/CoverWeaver.MSBuild.dll\nsessions=/s\nproject=/p/A.Tests.csproj\nframework=net10.0\nsolution=/p/A.slnx\noutput=/o\nformats=cobertura,lcov\nthreshold=80\nthresholdstat=minimum\n");

            var request = CollectSettings.Read(temp.Combine("coverweaver.settings"), "command-1-2", alone: true);

            Assert.AreEqual(("/c", Path.Combine("/s", "command-1-2"), "/p/A.Tests.csproj", "net10.0", "/p/A.slnx", "/o", "cobertura,lcov", "80", "minimum", true),
                (request.CountersDirectory, request.SessionDirectory, request.ProjectPath, request.TargetFramework, request.SolutionPath, request.OutputDirectory, request.Formats, request.Threshold, request.ThresholdStat, request.Alone));
        }

        [TestMethod]
        public void AProcessesParentIsTheProcessThatStartedIt()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                Assert.Inconclusive("sleep is a Unix command; the Windows branch asks the kernel the same question.");
            }

            using var child = Process.Start(new ProcessStartInfo("sleep", "10") { UseShellExecute = false })!;
            try
            {
                Assert.AreEqual(Environment.ProcessId, CommandSession.ParentOf(child.Id));
                StringAssert.StartsWith(CommandSession.Id(), "command-" + CommandSession.ParentOf(Environment.ProcessId) + "-", "this process's session is its parent's");
                Assert.AreEqual(CommandSession.Id(), CommandSession.Id(), "the parent's start is read the same each time");
            }
            finally
            {
                child.Kill();
            }
        }
    }
}
