using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CoverWeaver.Server;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Server
{
    /// <summary>
    /// Snapshots taken with reset while threads keep running the code add up to exactly the hits
    /// the threads made: none lost between two snapshots, none counted in both.
    /// </summary>
    [TestClass]
    public sealed class SnapshotUnderLoadTests
    {
        private const string Token = "load-test-token";

        [TestMethod]
        public void ResettingSnapshotsUnderLoadAddUpToEveryHit()
        {
            const int Threads = 3;
            const int Cycles = 100;
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            var bodyLine = SourceMarkers.LineOf(ConcurrencySource, "total += i;");
            var spinLine = SourceMarkers.LineOf(ConcurrencySource, "long total = 0;");
            // Start from zero: what ran before this test is taken away with this snapshot.
            Assert.AreEqual(200, RawHttp.Post(server.Port, "/snapshot?reset=true", Token).Status);

            var stop = 0;
            var iterations = new long[Threads];
            var calls = new long[Threads];
            var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                var n = 1 + t;
                while (Volatile.Read(ref stop) == 0)
                {
                    Concurrency.Spin(n);
                    iterations[t] += n;
                    calls[t]++;
                    n = n % 997 + 1;
                }
            }) { IsBackground = true }).ToList();
            workers.ForEach(w => w.Start());
            SpinWait.SpinUntil(() => Enumerable.Range(0, Threads).All(t => Volatile.Read(ref calls[t]) > 0));

            long counted = 0, entries = 0;
            var busy = 0;
            for (var i = 0; i < Cycles; i++)
            {
                var (body, entry) = Take(server.Port, bodyLine, spinLine);
                counted += body;
                entries += entry;
                busy += body > 0 ? 1 : 0;
            }

            Volatile.Write(ref stop, 1);
            workers.ForEach(w => w.Join());
            var (lastBody, lastEntry) = Take(server.Port, bodyLine, spinLine);

            Assert.AreEqual(iterations.Sum(), counted + lastBody, "every iteration the threads made, in exactly one snapshot");
            Assert.AreEqual(calls.Sum(), entries + lastEntry, "every call, in exactly one snapshot");
            // Two cores shared by three spinning threads and the server: not every snapshot lands
            // while one of them runs, but many must, or the sums above would prove nothing.
            Assert.IsTrue(busy >= Cycles / 10, $"the threads ran while snapshots were taken ({busy} of {Cycles} saw hits)");
        }

        private static (long Body, long Entry) Take(int port, int bodyLine, int spinLine)
        {
            var response = RawHttp.Post(port, "/snapshot?reset=true", Token);
            Assert.AreEqual(200, response.Status, response.ToString());
            var lines = SnapshotRows.Analyse(response.Body, Level.Line)[ConcurrencyName];
            return (lines.Single(r => r.Line == bodyLine).Calls, lines.Single(r => r.Line == spinLine).Calls);
        }
    }
}
