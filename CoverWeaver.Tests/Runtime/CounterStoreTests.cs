using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Runtime
{
    /// <summary>The two counter stores, driven as woven code drives them: raw writes to the addresses they hand out.</summary>
    [TestClass]
    public sealed unsafe class CounterStoreTests
    {
        [TestMethod]
        public void BlocksOfThreadsThatExitedAreReusedAndCountsStayExact()
        {
            var store = new ThreadCounters(2);
            for (var i = 0; i < 300; i++)
            {
                var n = i;
                var thread = new Thread(() =>
                {
                    var block = (long*)store.NewBlock();
                    block[0] += 1;
                    block[1] += n;
                });
                thread.Start();
                thread.Join();
            }

            var counts = new long[2];
            store.ReadRange(0, 2, counts);
            CollectionAssert.AreEqual(new long[] { 300, 299 * 300 / 2 }, counts, "a reused block keeps the hits of the threads before");
            Assert.IsLessThanOrEqualTo(2, store.BlockCount, "blocks follow the threads alive, not the threads ever made");
        }

        [TestMethod]
        public void ThreadsAliveAtOnceEachGetABlockOfTheirOwn()
        {
            var store = new ThreadCounters(1);
            using var allHaveOne = new Barrier(4);
            var blocks = new IntPtr[4];
            var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
            {
                blocks[i] = store.NewBlock();
                allHaveOne.SignalAndWait();
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.AreEqual(4, blocks.Distinct().Count());
            Assert.AreEqual(4, store.BlockCount);
        }

        [TestMethod]
        public void WovenCodeOnShortLivedThreadsKeepsItsBlocksBounded()
        {
            Fixtures.Woven.Concurrency.Spin(1);
            var (assembly, _) = Registry.FindModule(Support.WovenModules.ConcurrencyName)!.Value;
            var counters = (ThreadCounters)assembly.Counters;
            var before = counters.BlockCount;
            var body = Cover.Analyse(Support.WovenModules.ConcurrencyName, Analysis.Calls, Level.Clause).Single(r => r.Function == "Spin").Calls;

            for (var i = 0; i < 200; i++)
            {
                var thread = new Thread(() => Fixtures.Woven.Concurrency.Spin(1));
                thread.Start();
                thread.Join();
            }

            Assert.IsLessThanOrEqualTo(before + 2, counters.BlockCount, "200 threads that came and went left at most a block or two");
            Assert.AreEqual(body + 200, Cover.Analyse(Support.WovenModules.ConcurrencyName, Analysis.Calls, Level.Clause).Single(r => r.Function == "Spin").Calls);
        }

        [TestMethod]
        public void ThreadCountersSumEveryThreadsBlockAndResetByBaseline()
        {
            var store = new ThreadCounters(4);
            var a = (long*)store.NewBlock();
            var b = (long*)store.NewBlock();
            a[1] += 5;
            b[1] += 7;
            b[3] += 1;
            store.Add(2, 10);

            var counts = new long[4];
            store.ReadRange(0, 4, counts);
            CollectionAssert.AreEqual(new long[] { 0, 12, 10, 1 }, counts);

            var taken = new long[2];
            store.ReadAndReset(1, 2, taken);
            CollectionAssert.AreEqual(new long[] { 12, 10 }, taken);
            a[1] += 1;
            store.ReadRange(0, 4, counts);
            CollectionAssert.AreEqual(new long[] { 0, 1, 0, 1 }, counts, "counts start again from the reset; slot 3 was not reset");
            Assert.AreEqual(12, a[1] + b[1] - 1, "the threads' own blocks were never written by the reset");
        }

        [TestMethod]
        public void SnapshotsTakenWithResetUnderLoadLoseNoHitAndCountNoneTwice()
        {
            const int Threads = 2;
            const int HitsPerThread = 3_000_000;
            var store = new ThreadCounters(1);
            var start = new Barrier(Threads + 1);

            // Halfway, the workers wait until a snapshot was taken: on a busy 2-core machine the
            // workers could otherwise finish before the snapshotting thread is scheduled at all.
            using var halfway = new CountdownEvent(Threads);
            using var resume = new ManualResetEventSlim();
            var workers = Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(() =>
            {
                var block = (long*)store.NewBlock();
                start.SignalAndWait();
                for (var i = 0; i < HitsPerThread; i++)
                {
                    // What woven code does: a plain, unlocked increment of its own thread's counter.
                    Volatile.Write(ref block[0], block[0] + 1);
                    if (i == HitsPerThread / 2)
                    {
                        halfway.Signal();
                        resume.Wait();
                    }
                }
            }, TaskCreationOptions.LongRunning)).ToArray();

            start.SignalAndWait();
            long summed = 0;
            var snapshot = new long[1];
            var snapshots = 0;
            while (!Task.WhenAll(workers).IsCompleted || snapshots == 0)
            {
                var both = halfway.IsSet;
                store.ReadAndReset(0, 1, snapshot);
                summed += snapshot[0];
                snapshots++;
                if (both)
                {
                    resume.Set();
                }
            }

            store.ReadAndReset(0, 1, snapshot);
            summed += snapshot[0];
            Assert.IsTrue(snapshots > 1, "snapshots were taken while the threads ran");
            Assert.AreEqual((long)Threads * HitsPerThread, summed);
        }

        [TestMethod]
        public void SetCountersRecordRanOrNotAndResetOnlyTheirRange()
        {
            var store = new SetCounters(10);
            var bytes = (byte*)store.BaseAddress;
            bytes[2] = 1;
            bytes[3] = 1;
            bytes[4] = 1;
            bytes[9] = 1;
            store.Add(6, 42);

            var counts = new long[10];
            store.ReadRange(0, 10, counts);
            CollectionAssert.AreEqual(new long[] { 0, 0, 1, 1, 1, 0, 1, 0, 0, 1 }, counts);

            var taken = new long[3];
            store.ReadAndReset(3, 3, taken);
            CollectionAssert.AreEqual(new long[] { 1, 1, 0 }, taken);
            store.ReadRange(0, 10, counts);
            CollectionAssert.AreEqual(new long[] { 0, 0, 1, 0, 0, 0, 1, 0, 0, 1 }, counts, "slots 2, 6 and 9 share words with the range and keep their bits");
        }

        [TestMethod]
        public void SlotsOutsideTheStoreAreRefused()
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ThreadCounters(3).ReadRange(2, 2, new long[2]));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SetCounters(3).Add(3, 1));
        }
    }
}
