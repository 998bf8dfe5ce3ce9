extern alias runtime;

using System;
using System.IO;
using System.Linq;
using CoverWeaver.Persistence;
using CoverWeaver.Runtime;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Persistence
{
    /// <summary>
    /// <see cref="Cover.Import"/> of counter files written for the woven fixtures loaded here, as a
    /// process of the same build (or of another one) would have left them.
    /// </summary>
    [TestClass]
    public sealed unsafe class ImportCounterFilesTests
    {
        [TestMethod]
        public void ADirectoryOfTwoProcessesFilesAddsBothExactly()
        {
            Concurrency.Spin(1);
            var (assembly, module) = Home(ConcurrencyName);
            using var temp = new TempDirectory();
            var first = ((long*)LiveCounterFiles.Create(temp.Path, assembly.Table, Guid.NewGuid(), 11).NewBlock()) + module.FirstSlot;
            var second = LiveCounterFiles.Create(temp.Path, assembly.Table, Guid.NewGuid(), 12);
            var secondA = ((long*)second.NewBlock()) + module.FirstSlot;
            var secondB = ((long*)second.NewBlock()) + module.FirstSlot;
            for (var i = 0; i < module.SlotCount; i++)
            {
                first[i] = i + 1;
                secondA[i] = 100;
                secondB[i] = 1000 * i;
            }

            var before = Slots(assembly, module);
            Cover.Import(temp.Path);
            var after = Slots(assembly, module);

            for (var i = 0; i < module.SlotCount; i++)
            {
                Assert.AreEqual(before[i] + (i + 1) + 100 + (1000 * i), after[i], $"slot {i}");
            }
        }

        [TestMethod]
        public void AFileFromAnotherBuildRefusesTheDirectoryNamingModuleAndFile()
        {
            Concurrency.Spin(1);
            Tally.Twice(1);
            var (assembly, module) = Home(ConcurrencyName);
            var (_, tally) = Home(TallyName);
            using var temp = new TempDirectory();
            var good = LiveCounterFiles.Create(temp.Path, assembly.Table, Guid.NewGuid(), 11);
            var block = (long*)good.NewBlock();
            block[module.FirstSlot] = 5;
            block[tally.FirstSlot] = 5;
            var rebuilt = ProbeTableCodec.Decode(ProbeTableCodec.Encode(assembly.Table), "copy");
            rebuilt.BuildId ^= 1;
            rebuilt.Modules.Single(m => m.Name == ConcurrencyName).Fingerprint ^= 1;
            var foreign = LiveCounterFiles.Create(temp.Path, rebuilt, Guid.NewGuid(), 12);
            ((long*)foreign.NewBlock())[module.FirstSlot] = 7;
            var before = Slots(assembly, module);
            var tallyBefore = Slots(assembly, tally);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(temp.Path));

            StringAssert.Contains(e.Message, ConcurrencyName);
            StringAssert.Contains(e.Message, foreign.Paths[0]);
            StringAssert.Contains(e.Message, "another build");
            CollectionAssert.AreEqual(before, Slots(assembly, module), "nothing of the good file was imported");
            CollectionAssert.AreEqual(tallyBefore, Slots(assembly, tally), "nor of its other modules");
        }

        [TestMethod]
        public void ADamagedFileRefusesTheDirectoryNamingTheFile()
        {
            Concurrency.Spin(1);
            var (assembly, module) = Home(ConcurrencyName);
            using var temp = new TempDirectory();
            ((long*)LiveCounterFiles.Create(temp.Path, assembly.Table, Guid.NewGuid(), 11).NewBlock())[module.FirstSlot] = 3;
            var damaged = LiveCounterFiles.Create(temp.Path, assembly.Table, Guid.NewGuid(), 12).Paths[0];
            var bytes = File.ReadAllBytes(damaged);
            bytes[40] ^= 0x10;
            File.WriteAllBytes(damaged, bytes);
            var before = Slots(assembly, module);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(temp.Path));

            StringAssert.Contains(e.Message, damaged);
            CollectionAssert.AreEqual(before, Slots(assembly, module));
        }

        [TestMethod]
        public void OneCounterFileIsImportedByItsPath()
        {
            Concurrency.Spin(1);
            var (assembly, module) = Home(ConcurrencyName);
            using var temp = new TempDirectory();
            var files = LiveCounterFiles.Create(temp.Path, assembly.Table, Guid.NewGuid(), 11);
            ((long*)files.NewBlock())[module.FirstSlot] = 9;
            var before = Slots(assembly, module);

            Cover.Import(files.Paths[0]);

            Assert.AreEqual(before[0] + 9, Slots(assembly, module)[0]);
        }

        [TestMethod]
        public void PersistToAfterCountingStartedInMemoryIsRefused()
        {
            // Woven code in this test process counts in memory; asking for files now cannot move it.
            Concurrency.Spin(1);
            Assert.IsNull(PersistenceSettings.Decide(), "the test host runs without " + PersistenceSettings.EnvironmentVariable);
            using var temp = new TempDirectory();

            var e = Assert.ThrowsExactly<InvalidOperationException>(() => Cover.PersistTo(temp.Path));

            StringAssert.Contains(e.Message, "in memory");
            Assert.IsEmpty(temp.FileNames());
        }

        private static (WovenAssembly Assembly, ModuleProbes Module) Home(string name) => Registry.FindModule(name)!.Value;

        private static long[] Slots(WovenAssembly assembly, ModuleProbes module)
        {
            var counts = new long[module.SlotCount];
            assembly.Counters.ReadRange(module.FirstSlot, counts.Length, counts);
            return counts;
        }
    }
}
