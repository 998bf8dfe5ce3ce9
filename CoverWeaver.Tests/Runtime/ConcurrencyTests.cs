using System.IO;
using System.Linq;
using System.Threading;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Runtime
{
    /// <summary>Counts are exact, not sampled: hits from threads racing on one line are never lost.</summary>
    [TestClass]
    public sealed class ConcurrencyTests
    {
        [TestMethod]
        public void HitsFromThreadsRacingOnOneLineAreAllCounted()
        {
            const int Threads = 4;
            const int Iterations = 200_000;
            var file = Path.Combine(RepoPaths.WovenFixtures, "Special", "Concurrency.cs");
            var bodyLine = SourceMarkers.LineOf(file, "total += i;");
            var before = LineCalls(bodyLine);

            var results = new long[Threads];
            using var start = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                // All threads enter the loop together so their increments really contend.
                start.SignalAndWait();
                results[t] = Concurrency.Spin(Iterations);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            var expectedSum = (long)Iterations * (Iterations - 1) / 2;
            CollectionAssert.AreEqual(Enumerable.Repeat(expectedSum, Threads).ToArray(), results, "the woven loop still computes");
            Assert.AreEqual((long)Threads * Iterations, LineCalls(bodyLine) - before);
        }

        private static long LineCalls(int line) =>
            Cover.Analyse(typeof(Concurrency), Analysis.Calls, Level.Line)
                .Single(r => r.Line == line && Path.GetFileName(r.File) == "Concurrency.cs").Calls;
    }
}
