using System;
using System.IO;
using System.Linq;
using System.Threading;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Persistence
{
    /// <summary>
    /// Real processes, woven, counting into files under COVERWEAVER_DATA, killed with SIGKILL at a
    /// random moment while two threads run the counted line. The fixture stores, per thread and in
    /// a mapping of its own, the iteration it started before calling the counted line and the one
    /// it finished after. So the recovered count must lie between the sum of the finished and the
    /// sum of the started iterations; when no thread was inside that window (most kills) the two
    /// sums are equal and the count must equal them exactly. Hits can only go missing in bulk (a
    /// block not in a file, a file not read, a baseline wrongly applied), which the lower bound
    /// catches: not one completed iteration may be missing.
    /// </summary>
    [TestClass]
    public sealed class CrashTests
    {
        private const string WorkModule = "Fixtures.Crash.Work";

        private static readonly string WorkSource = RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", "Crash", "Work.cs");

        [TestMethod]
        public void EveryHitBeforeASigkillIsInTheDirectory()
        {
            using var temp = new TempDirectory();
            var data = temp.Combine("data");
            (long Started, long Finished)[] progress;
            using (var child = new CrashingChild(data, temp.Combine("progress"), threads: 2))
            {
                child.WaitUntilRunning();
                Thread.Sleep(Random.Shared.Next(50, 500));
                child.Kill();
                progress = child.Progress();
                Assert.IsTrue(Directory.GetFiles(data).All(f => Path.GetFileName(f).Contains($"-{child.ProcessId}-", StringComparison.Ordinal)), "every file names its process");
            }

            var counted = ImportedCountOfTheCountedLine(data);

            AssertWithin(progress, counted);
        }

        [TestMethod]
        public void TwoProcessesSharingADirectoryAreBothImported()
        {
            using var temp = new TempDirectory();
            var data = temp.Combine("data");
            (long Started, long Finished)[] first;
            (long Started, long Finished)[] second;
            using (var a = new CrashingChild(data, temp.Combine("progress-a"), threads: 2))
            using (var b = new CrashingChild(data, temp.Combine("progress-b"), threads: 2))
            {
                a.WaitUntilRunning();
                b.WaitUntilRunning();
                Thread.Sleep(Random.Shared.Next(50, 300));
                a.Kill();
                Thread.Sleep(Random.Shared.Next(0, 100));
                b.Kill();
                first = a.Progress();
                second = b.Progress();
                var names = Directory.GetFiles(data).Select(Path.GetFileName).ToList();
                Assert.IsTrue(names.Any(n => n!.Contains($"-{a.ProcessId}-", StringComparison.Ordinal)), "the first process wrote files");
                Assert.IsTrue(names.Any(n => n!.Contains($"-{b.ProcessId}-", StringComparison.Ordinal)), "the second process wrote files");
            }

            var counted = ImportedCountOfTheCountedLine(data);

            AssertWithin(first.Concat(second).ToArray(), counted);
        }

        private static void AssertWithin((long Started, long Finished)[] progress, long counted)
        {
            var started = progress.Sum(p => p.Started);
            var finished = progress.Sum(p => p.Finished);
            var shown = string.Join(", ", progress.Select(p => $"{p.Started}/{p.Finished}"));
            Assert.IsGreaterThan(1000, finished, $"the threads ran a while before the kill ({shown})");
            Assert.IsTrue(progress.All(p => p.Started - p.Finished is 0 or 1), $"each thread is at most one call ahead ({shown})");
            // When no thread was mid-call, started == finished and this demands the exact count.
            Assert.IsTrue(
                counted >= finished && counted <= started,
                $"the counted line ran {counted} times by the files; the threads had finished {finished} and started {started} calls ({shown})");
        }

        /// <summary>Imports the directory and returns what it added to the counted line.</summary>
        private static long ImportedCountOfTheCountedLine(string data)
        {
            var line = SourceMarkers.LineOf(WorkSource, "// the counted line");
            if (Cover.IsCompiled(WorkModule))
            {
                Cover.Reset(WorkModule);
            }

            Cover.Import(data);

            return Cover.Analyse(WorkModule, Analysis.Calls, Level.Line).Single(row => row.Line == line).Calls;
        }
    }
}
