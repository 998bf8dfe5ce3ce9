extern alias runtime;

using System;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Persistence;
using CoverWeaver.Runtime;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;
using static CoverWeaver.Tests.Support.SyntheticCoverage;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Data
{
    /// <summary>
    /// The build rule and what an import says, on data written as another process would have:
    /// export files and counter files of hand-made probe tables, each test with module names of its
    /// own, since the registry is process-wide.
    /// </summary>
    [TestClass]
    public sealed unsafe class ImportRulesTests
    {
        [TestMethod]
        [DataRow(Counting.Count, 5L, Counting.Set, 1L, DisplayName = "count-mode data, then set-mode data")]
        [DataRow(Counting.Set, 1L, Counting.Count, 5L, DisplayName = "set-mode data, then count-mode data")]
        public void DataOfOneModuleInTheOtherCountingModeIsRefusedNamingBothModes(Counting firstCounting, long firstCalls, Counting secondCounting, long secondCalls)
        {
            var firstMode = firstCounting == Counting.Set ? CountingMode.Set : CountingMode.Count;
            var secondMode = secondCounting == Counting.Set ? CountingMode.Set : CountingMode.Count;
            var type = Unique("Modes");
            using var temp = new TempDirectory();
            var first = Export(temp, "first", Table("Lib", type, firstMode), firstCalls, firstCalls);
            var second = Export(temp, "second", Table("Lib", type, secondMode), secondCalls, secondCalls);

            Cover.Import(first);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(second));

            StringAssert.Contains(e.Message, type);
            StringAssert.Contains(e.Message, BuildRule.Word(firstMode) + " mode");
            StringAssert.Contains(e.Message, BuildRule.Word(secondMode) + " mode");
            Assert.AreEqual(firstCounting, Cover.CountingOf(type));
            Assert.AreEqual(firstCalls, Cover.Analyse(type, Analysis.Calls, Level.Module).Single().Calls, "the first data stays as it was");
        }

        [TestMethod]
        public void OneFileWithBothModesOfAModuleIsRefusedWhole()
        {
            var type = Unique("BothInOne");
            using var temp = new TempDirectory();
            var path = temp.Combine("both.coverdata");
            File.WriteAllBytes(path, CoverageFile.Encode(new[]
            {
                Snapshot(Table("Lib", type, CountingMode.Count), 5, 5),
                Snapshot(Table("Lib", type, CountingMode.Set), 1, 1),
            }));

            Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(path));

            Assert.IsFalse(Cover.IsCompiled(type), "nothing of the file was imported");
        }

        [TestMethod]
        public void TwoAssembliesWithATypeOfTheSameNameAreTwoModules()
        {
            var type = Unique("Shared");
            using var temp = new TempDirectory();
            var path = temp.Combine("two.coverdata");
            File.WriteAllBytes(path, CoverageFile.Encode(new[]
            {
                Snapshot(Table("Alpha", type, CountingMode.Count, fingerprint: 1), 3, 3),
                Snapshot(Table("Beta", type, CountingMode.Count, fingerprint: 2), 7, 0),
            }));

            var imported = Cover.Import(path);

            CollectionAssert.AreEquivalent(new[] { "Alpha", "Beta" }, imported.Modules.Select(m => m.Assembly).ToArray());
            var modules = Cover.Modules();
            CollectionAssert.Contains(modules.ToList(), type + ", Alpha");
            CollectionAssert.Contains(modules.ToList(), type + ", Beta");
            Assert.IsFalse(modules.Contains(type), "an ambiguous type name is listed with its assembly");
            var e = Assert.ThrowsExactly<ArgumentException>(() => Cover.Analyse(type, Analysis.Calls, Level.Module));
            StringAssert.Contains(e.Message, "Alpha");
            StringAssert.Contains(e.Message, "Beta");
            Assert.AreEqual(3L, Cover.Analyse(type + ", Alpha", Analysis.Calls, Level.Module).Single().Calls);
            Assert.AreEqual(7L, Cover.Analyse(type + ", Beta", Analysis.Calls, Level.Module).Single().Calls);
            var rows = Cover.Analyse(Analysis.Calls, Level.Module).Where(r => r.Module == type).ToList();
            CollectionAssert.AreEqual(new[] { "Alpha", "Beta" }, rows.Select(r => r.Assembly).ToArray());
        }

        [TestMethod]
        public void CounterFilesOfTwoAssembliesWithATypeOfTheSameNameImportAsTwoModules()
        {
            var type = Unique("SharedFiles");
            using var temp = new TempDirectory();
            WriteCounterFile(temp.Path, Table("Alpha", type, CountingMode.Count, fingerprint: 1), 2, 2);
            WriteCounterFile(temp.Path, Table("Beta", type, CountingMode.Count, fingerprint: 2), 4, 4);

            var imported = Cover.Import(temp.Path);

            Assert.HasCount(2, imported.Files);
            Assert.AreEqual(2L, Cover.Analyse(type + ", Alpha", Analysis.Calls, Level.Module).Single().Calls);
            Assert.AreEqual(4L, Cover.Analyse(type + ", Beta", Analysis.Calls, Level.Module).Single().Calls);
        }

        [TestMethod]
        public void CounterFilesThatAddUpPast2To63AreRefusedWhole()
        {
            var type = Unique("Overflow");
            using var temp = new TempDirectory();
            var table = Table("Lib", type, CountingMode.Count);
            var files = LiveCounterFiles.Create(temp.Path, table, Guid.NewGuid(), 42);
            var a = (long*)files.NewBlock();
            var b = (long*)files.NewBlock();
            a[0] = long.MaxValue - 1;
            b[0] = 3;

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(temp.Path));

            StringAssert.Contains(e.Message, "2^63");
            Assert.IsFalse(Cover.IsCompiled(type), "nothing was imported");
        }

        [TestMethod]
        public void AnImportThatWouldPushACountPast2To63IsRefusedWhole()
        {
            var type = Unique("OverflowSum");
            using var temp = new TempDirectory();
            var table = Table("Lib", type, CountingMode.Count);
            Cover.Import(Export(temp, "big", table, long.MaxValue - 1, 1));

            Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(Export(temp, "more", table, 5, 1)));

            Assert.AreEqual(long.MaxValue - 1, Cover.Analyse(type, Analysis.Calls, Level.Module).Single().Calls);
        }

        [TestMethod]
        public void AnEmptyDirectoryIsAnErrorNamingIt()
        {
            using var temp = new TempDirectory();
            File.WriteAllText(temp.Combine("notes.txt"), "not counters");

            var e = Assert.ThrowsExactly<FileNotFoundException>(() => Cover.Import(temp.Path));

            StringAssert.Contains(e.Message, temp.Path);
            StringAssert.Contains(e.Message, ".cwcounters");
        }

        [TestMethod]
        public void AMistypedPathIsAnErrorNamingIt()
        {
            using var temp = new TempDirectory();
            var missing = temp.Combine("no-such-dir");

            var e = Assert.ThrowsExactly<FileNotFoundException>(() => Cover.Import(missing));

            StringAssert.Contains(e.Message, missing);
        }

        [TestMethod]
        public void ImportSaysWhatItImported()
        {
            var type = Unique("Said");
            using var temp = new TempDirectory();
            var table = Table("Lib", type, CountingMode.Count, fingerprint: 0xabc);
            var path = Export(temp, "said", table, 4, 4);

            var imported = Cover.Import(path);

            Assert.AreEqual(path, imported.Files.Single());
            var module = imported.Modules.Single();
            Assert.AreEqual(type, module.Module);
            Assert.AreEqual("Lib", module.Assembly);
            Assert.AreEqual("0000000000000abc", module.Build);
            Assert.AreEqual(table.BuildId.ToString("x16"), module.AssemblyBuild);
            Assert.AreEqual(Counting.Count, module.Counting);
            Assert.AreEqual(8L, module.Calls);
            Assert.IsEmpty(imported.Skipped);
        }

        [TestMethod]
        public void ADirectoryOfTwoBuildsImportsOnlyThisProcessesBuildWhenAsked()
        {
            Concurrency.Spin(1);
            var (assembly, module) = Registry.FindModule(ConcurrencyName)!.Value;
            using var temp = new TempDirectory();

            // The running build's files, and those of a redeployed build of the same assembly.
            var ours = (long*)LiveCounterFiles.Create(temp.Path, assembly.Table, Guid.NewGuid(), 31).NewBlock();
            ours[module.FirstSlot] = 10;
            var other = OtherBuild(assembly.Table);
            var theirs = (long*)LiveCounterFiles.Create(temp.Path, other, Guid.NewGuid(), 32).NewBlock();
            theirs[module.FirstSlot] = 1000;

            Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(temp.Path), "every build: the other build's module is refused");
            var before = Slot(assembly, module.FirstSlot);

            var imported = Cover.Import(temp.Path, ImportFilter.ThisProcess);

            Assert.AreEqual(before + 10, Slot(assembly, module.FirstSlot));
            Assert.HasCount(1, imported.Files);
            Assert.HasCount(1, imported.Skipped);
            StringAssert.Contains(imported.Skipped[0], other.BuildId.ToString("x16"));

            var named = Cover.Import(temp.Path, ImportFilter.Build(assembly.Table.BuildId.ToString("x16")));
            Assert.AreEqual(before + 20, Slot(assembly, module.FirstSlot));
            Assert.HasCount(1, named.Skipped);
        }

        [TestMethod]
        public void AFilterThatLeavesNothingIsAnErrorNamingTheBuildsThere()
        {
            var type = Unique("Filtered");
            using var temp = new TempDirectory();
            var table = Table("Lib", type, CountingMode.Count);
            WriteCounterFile(temp.Path, table, 1, 1);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(temp.Path, ImportFilter.Build("0123456789abcdef")));

            StringAssert.Contains(e.Message, table.BuildId.ToString("x16"));
            Assert.ThrowsExactly<ArgumentException>(() => ImportFilter.Build("not-a-build"));
        }

        private static long Slot(WovenAssembly assembly, int slot)
        {
            var value = new long[1];
            assembly.Counters.ReadRange(slot, 1, value);
            return value[0];
        }

        private static string Unique(string what) => "Imported." + what + Guid.NewGuid().ToString("N").Substring(0, 8);
    }
}
