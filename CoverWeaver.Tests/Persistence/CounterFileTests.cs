extern alias runtime;

using System;
using System.IO;
using System.Linq;
using System.Threading;
using CoverWeaver.Persistence;
using CoverWeaver.Runtime;
using CoverWeaver.Tests.Model;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Persistence
{
    /// <summary>
    /// Counter files as the counter stores write them and the reader reads them back: the counts
    /// that come back are what the writing process's own analysis showed (less its imports), and a
    /// file that is damaged, cut short or incomplete is refused, never read as data.
    /// </summary>
    [TestClass]
    public sealed unsafe class CounterFileTests
    {
        private static readonly Guid Reader = Guid.NewGuid();

        [TestMethod]
        public void ADeadThreadsBlockInAFileIsReusedAndTheFileStaysExact()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var store = new ThreadCounters(table.SlotCount);
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 4343);
            Assert.IsTrue(store.PersistTo(files));
            var perFile = CounterFileLayout.BlocksPerFile(table.Mode, table.SlotCount);

            // More threads, one after another, than a file has blocks: without reuse they would need a second file.
            var threads = perFile * 3;
            for (var i = 0; i < threads; i++)
            {
                var thread = new Thread(() => ((long*)store.NewBlock())[7] += 2);
                thread.Start();
                thread.Join();
            }

            Assert.HasCount(1, files.Paths, "dead threads' blocks were reused in place");
            var counts = Flatten(CounterFileReader.ReadDirectory(temp.Path, Reader), table.SlotCount);
            Assert.AreEqual(2L * threads, counts[7]);
        }

        [TestMethod]
        public void CountModeFilesReadBackAsTheStoreShowsItsOwnHitsAcrossFilesAndResets()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var store = new ThreadCounters(table.SlotCount);
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 4242);
            Assert.IsTrue(store.PersistTo(files));
            // One block more than a file holds, so the counts span two files.
            var perFile = CounterFileLayout.BlocksPerFile(table.Mode, table.SlotCount);
            var blocks = Enumerable.Range(0, perFile + 1).Select(_ => store.NewBlock()).ToList();
            Assert.HasCount(2, files.Paths, "a second file was added when the first was full");
            for (var i = 0; i < blocks.Count; i++)
            {
                var block = (long*)blocks[i];
                block[0] += i + 1;
                block[7] += 3;
                block[299] += 1;
            }

            store.Add(7, 1000);
            store.ReadAndReset(5, 5, null);   // slot 7 starts again from zero; slots 0 and 299 keep theirs
            ((long*)blocks[0])[7] += 2;
            ((long*)blocks[perFile])[7] += 5;

            var recovered = CounterFileReader.ReadDirectory(temp.Path, Reader);

            var expected = new long[table.SlotCount];
            store.ReadRange(0, expected.Length, expected);
            var counts = Flatten(recovered, table.SlotCount);
            CollectionAssert.AreEqual(expected, counts, "the files hold what the store shows");
            Assert.AreEqual(7, counts[7], "the reset is in the file's baseline, and the import never went to the file");
            Assert.AreEqual((perFile + 1) * (perFile + 2) / 2, counts[0]);
            CollectionAssert.AreEqual(new[] { "Ns.Alpha", "Ns.Beta`1+Inner" }, recovered.Select(r => r.Snapshot.Module.Name).ToArray());
            Assert.AreEqual(ProbeTableCodecTests.Describe(table), ProbeTableCodecTests.Describe(recovered[0].Snapshot.Assembly), "the header carries the whole table");
        }

        [TestMethod]
        public void SetModeFileHoldsTheBytesIncludingThoseSetBeforeItExisted()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            table.Mode = CountingMode.Set;
            var store = new SetCounters(table.SlotCount);
            store.Add(3, 5);
            Assert.IsTrue(store.PersistTo(LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 1)));
            var bytes = (byte*)store.BaseAddress;
            bytes[0] = 1;
            bytes[299] = 1;
            bytes[100] = 1;
            store.ReadAndReset(100, 1, null);

            var counts = Flatten(CounterFileReader.ReadDirectory(temp.Path, Reader), table.SlotCount);

            var expected = new long[table.SlotCount];
            expected[0] = expected[3] = expected[299] = 1;
            CollectionAssert.AreEqual(expected, counts);
        }

        [TestMethod]
        public void BlocksAreCacheLineAlignedAndNoTwoShareALine()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 1);
            var blocks = Enumerable.Range(0, 5).Select(_ => (long)files.NewBlock()).ToList();
            var baseline = (long)files.Baseline;

            foreach (var block in blocks.Append(baseline))
            {
                Assert.AreEqual(0, block % 64, "64-byte aligned");
            }

            var span = CounterFileLayout.Align(table.SlotCount * 8L);
            var regions = blocks.Append(baseline).OrderBy(a => a).ToList();
            for (var i = 1; i < regions.Count; i++)
            {
                Assert.IsGreaterThanOrEqualTo(span + 64, regions[i] - regions[i - 1], "a whole padding line between neighbours");
            }
        }

        [TestMethod]
        public void AFileIsInPlaceWholeAndNoTemporaryFileIsLeft()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var instance = Guid.NewGuid();
            var files = LiveCounterFiles.Create(temp.Path, table, instance, 77);

            CollectionAssert.AreEqual(new[] { LiveCounterFiles.FileName(table, 77, instance, 0) }, temp.FileNames());
            var (header, _, _) = CounterFileReader.ReadOne(files.Paths.Single());
            Assert.AreEqual(instance, header.Instance);
            Assert.AreEqual(77, header.ProcessId);
        }

        [TestMethod]
        public void ATemporaryFileLeftByAProcessKilledWhileWritingItIsIgnored()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 1);
            ((long*)files.NewBlock())[0] += 4;
            var whole = File.ReadAllBytes(files.Paths[0]);
            var other = LiveCounterFiles.FileName(table, 2, Guid.NewGuid(), 0);
            File.WriteAllBytes(temp.Combine(other + ".tmp"), whole.Take(whole.Length / 3).ToArray());

            var counts = Flatten(CounterFileReader.ReadDirectory(temp.Path, Reader), table.SlotCount);

            Assert.AreEqual(4, counts[0]);
        }

        [TestMethod]
        public void AFileCutAtAnyLengthIsRefused()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 1);
            var whole = File.ReadAllBytes(files.Paths[0]);
            CounterFileHeader.Read(whole, "whole");

            for (var length = 0; length < whole.Length; length += length < 2048 ? 1 : 61)
            {
                var cut = whole.Take(length).ToArray();
                var e = Assert.ThrowsExactly<InvalidDataException>(() => CounterFileHeader.Read(cut, "cut file"), $"cut at {length}");
                StringAssert.StartsWith(e.Message, "cut file:");
            }
        }

        [TestMethod]
        public void EveryFlippedHeaderByteIsRefused()
        {
            var table = ProbeTableCodecTests.SampleTable();
            var header = new CounterFileHeader(Guid.NewGuid(), 9, 0, 2, table).Encode();
            var layout = new CounterFileLayout(header.Length, table.Mode, table.SlotCount, 0, 2);
            var whole = new byte[layout.FileLength];
            header.CopyTo(whole, 0);
            CounterFileHeader.Read(whole, "whole");

            for (var i = 0; i < header.Length; i++)
            {
                var damaged = (byte[])whole.Clone();
                damaged[i] ^= 0x01;
                Assert.ThrowsExactly<InvalidDataException>(() => CounterFileHeader.Read(damaged, "damaged"), $"byte {i} flipped");
            }
        }

        [TestMethod]
        public void ATruncatedFileInADirectoryRefusesTheWholeDirectoryNamingIt()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var good = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 1);
            ((long*)good.NewBlock())[0] += 1;
            var bad = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 2);
            var badPath = bad.Paths[0];
            var bytes = File.ReadAllBytes(badPath);
            File.WriteAllBytes(badPath, bytes.Take(bytes.Length - 8).ToArray());

            var e = Assert.ThrowsExactly<InvalidDataException>(() => CounterFileReader.ReadDirectory(temp.Path, Reader));

            StringAssert.Contains(e.Message, badPath);
            StringAssert.Contains(e.Message, "truncated");
        }

        [TestMethod]
        public void ABaselineAboveItsCountIsRefusedAsDamage()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 1);
            ((long*)files.NewBlock())[2] += 1;
            files.Baseline[2] = 2;

            var e = Assert.ThrowsExactly<InvalidDataException>(() => CounterFileReader.ReadDirectory(temp.Path, Reader));

            StringAssert.Contains(e.Message, files.Paths[0]);
        }

        [TestMethod]
        public void AMissingFirstFileOfAProcessIsRefused()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 1);
            for (var i = 0; i <= CounterFileLayout.BlocksPerFile(table.Mode, table.SlotCount); i++)
            {
                files.NewBlock();
            }

            File.Delete(files.Paths[0]);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => CounterFileReader.ReadDirectory(temp.Path, Reader));

            StringAssert.Contains(e.Message, files.Paths[1]);
            StringAssert.Contains(e.Message, "file 0 is missing");
        }

        [TestMethod]
        public void TheReadersOwnFilesAreSkippedAndNamingOneIsRefused()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var mine = LiveCounterFiles.Create(temp.Path, table, Reader, 1);
            ((long*)mine.NewBlock())[0] += 10;
            var theirs = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 2);
            ((long*)theirs.NewBlock())[0] += 1;

            Assert.AreEqual(1, Flatten(CounterFileReader.ReadDirectory(temp.Path, Reader), table.SlotCount)[0]);
            Assert.ThrowsExactly<ArgumentException>(() => CounterFileReader.ReadFile(mine.Paths[0], Reader));
        }

        [TestMethod]
        public void OneFileIsReadWithTheOtherFilesOfItsProcessOnly()
        {
            using var temp = new TempDirectory();
            var table = ProbeTableCodecTests.SampleTable();
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 1);
            var perFile = CounterFileLayout.BlocksPerFile(table.Mode, table.SlotCount);
            for (var i = 0; i <= perFile; i++)
            {
                ((long*)files.NewBlock())[1] += 1;
            }

            var other = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 2);
            ((long*)other.NewBlock())[1] += 100;

            var counts = Flatten(CounterFileReader.ReadFile(files.Paths[1], Reader), table.SlotCount);

            Assert.AreEqual(perFile + 1, counts[1], "both files of the process, not the other process's");
        }

        private static long[] Flatten(System.Collections.Generic.List<CounterFileReader.Recovered> recovered, int slotCount)
        {
            var counts = new long[slotCount];
            foreach (var r in recovered)
            {
                for (var i = 0; i < r.Snapshot.Counts.Length; i++)
                {
                    counts[r.Snapshot.Module.FirstSlot + i] += r.Snapshot.Counts[i];
                }
            }

            return counts;
        }
    }
}
