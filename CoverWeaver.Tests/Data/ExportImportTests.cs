using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Data
{
    /// <summary>
    /// Reset, export and import through the public API, on real woven code. Counters are
    /// process-wide, so every test resets the modules it counts on or compares before and after.
    /// </summary>
    [TestClass]
    public sealed class ExportImportTests
    {
        [TestMethod]
        public void ResetOfOneModuleZeroesThatModuleOnly()
        {
            Concurrency.Spin(3);
            Tally.Twice(5);
            var tallyBefore = LineCalls(TallyName);
            Assert.IsTrue(LineCalls(ConcurrencyName).Values.Any(count => count > 0), "Spin ran, so something was counted");
            Assert.IsTrue(tallyBefore.Values.Any(count => count > 0), "Twice ran, so something was counted");

            Cover.Reset(ConcurrencyName);

            Assert.IsTrue(LineCalls(ConcurrencyName).Values.All(count => count == 0), "every line of the reset module is 0");
            Assert.IsTrue(ClauseCalls(ConcurrencyName).Values.All(count => count == 0), "every method entry of the reset module is 0");
            CollectionAssert.AreEquivalent(tallyBefore, LineCalls(TallyName), "another module keeps its counts");
        }

        [TestMethod]
        public void ExportOfOneModuleThenImportAddsItsCountsToThemselves()
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(4);
            var before = LineCalls(ConcurrencyName);
            var tallyBefore = LineCalls(TallyName);
            var bodyLine = BodyLine();
            Assert.AreEqual(4, before[bodyLine], "the loop body ran 4 times");

            using var temp = new TempDirectory();
            Cover.Export(temp.Combine("one.coverdata"), ConcurrencyName);
            Cover.Import(temp.Combine("one.coverdata"));

            // Erlang's import adds to what is there: importing our own export doubles every count.
            var after = LineCalls(ConcurrencyName);
            CollectionAssert.AreEquivalent(before.ToDictionary(p => p.Key, p => 2 * p.Value), after);
            Assert.AreEqual(2, ClauseCalls(ConcurrencyName)["Spin/1#1"]);
            CollectionAssert.AreEquivalent(tallyBefore, LineCalls(TallyName), "a module not in the file is untouched");
        }

        [TestMethod]
        public void ExportOfAllThenImportDoublesEveryModule()
        {
            Concurrency.Spin(2);
            Tally.Twice(1);
            var before = AllLineCalls();

            using var temp = new TempDirectory();
            Cover.Export(temp.Combine("all.coverdata"));
            Cover.Import(temp.Combine("all.coverdata"));

            var after = AllLineCalls();
            CollectionAssert.AreEquivalent(before.Keys.ToList(), after.Keys.ToList(), "importing our own modules adds none");
            var wrong = before.Where(p => after[p.Key] != 2 * p.Value).Select(p => $"{p.Key}: {p.Value} -> {after[p.Key]}").ToList();
            Assert.IsEmpty(wrong, string.Join("\n", wrong));
            Assert.IsTrue(before.Any(p => p.Key.StartsWith(ConcurrencyName + ", ", StringComparison.Ordinal) && p.Value > 0));
            Assert.IsTrue(before.Any(p => p.Key.StartsWith(TallyName + ", ", StringComparison.Ordinal) && p.Value > 0));
        }

        [TestMethod]
        public void AModuleFromAnotherBuildIsRefusedAndNothingIsImported()
        {
            Cover.Reset(ConcurrencyName);
            Cover.Reset(TallyName);
            Concurrency.Spin(3);
            Tally.Twice(3);
            using var temp = new TempDirectory();
            Cover.Export(temp.Combine("all.coverdata"));
            var snapshots = CoverageFile.Decode(File.ReadAllBytes(temp.Combine("all.coverdata")), "test export");
            var good = snapshots.Single(s => s.Module.Name == ConcurrencyName);
            var stale = snapshots.Single(s => s.Module.Name == TallyName);
            stale.Module.Fingerprint ^= 0x1;
            Assert.IsTrue(good.Counts.Any(count => count > 0), "the good module carries counts, so a partial import would show");
            // The good module comes first: an importer adding as it goes would have added it already.
            var path = temp.Combine("stale.coverdata");
            File.WriteAllBytes(path, CoverageFile.Encode(new[] { good, stale }));
            var concurrencyBefore = LineCalls(ConcurrencyName);
            var tallyBefore = LineCalls(TallyName);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(path));

            StringAssert.Contains(e.Message, TallyName);
            StringAssert.Contains(e.Message, path);
            CollectionAssert.AreEquivalent(concurrencyBefore, LineCalls(ConcurrencyName), "the good module was not imported");
            CollectionAssert.AreEquivalent(tallyBefore, LineCalls(TallyName), "the refused module was not imported");
        }

        [TestMethod]
        public void AModuleWithMoreSlotsThanTheLocalOneIsRefusedAndSpillsIntoNoOtherModule()
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(2);
            using var temp = new TempDirectory();
            Cover.Export(temp.Combine("c.coverdata"), ConcurrencyName);
            var snapshot = CoverageFile.Decode(File.ReadAllBytes(temp.Combine("c.coverdata")), "test export").Single();
            // Same name and fingerprint, one slot more: its last count would land in whatever
            // module follows this one in the assembly's counters.
            snapshot.Module.SlotCount++;
            snapshot.Assembly.SlotCount = Math.Max(snapshot.Assembly.SlotCount, snapshot.Module.FirstSlot + snapshot.Module.SlotCount);
            var longer = new ModuleSnapshot(snapshot.Assembly, snapshot.Module, snapshot.Counts.Append(1000).ToArray());
            var path = temp.Combine("longer.coverdata");
            File.WriteAllBytes(path, CoverageFile.Encode(new[] { longer }));
            var before = AllLineCalls();
            var entriesBefore = AllClauseCalls();

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(path));

            StringAssert.Contains(e.Message, ConcurrencyName);
            CollectionAssert.AreEquivalent(before, AllLineCalls());
            CollectionAssert.AreEquivalent(entriesBefore, AllClauseCalls());
        }

        [TestMethod]
        [DataRow("flipped")]
        [DataRow("truncated")]
        [DataRow("appended")]
        public void ADamagedFileIsRefusedWhole(string damage)
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(5);
            using var temp = new TempDirectory();
            var path = temp.Combine("damaged.coverdata");
            Cover.Export(path, ConcurrencyName);
            var bytes = File.ReadAllBytes(path);
            bytes = damage switch
            {
                "flipped" => Flip(bytes, bytes.Length / 2),
                "truncated" => bytes.Take(bytes.Length - 3).ToArray(),
                _ => bytes.Concat(new byte[] { 1, 2, 3 }).ToArray(),
            };
            File.WriteAllBytes(path, bytes);
            var before = LineCalls(ConcurrencyName);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(path));

            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, damage switch { "flipped" => "damaged", "truncated" => "truncated", _ => "unexpected data" });
            CollectionAssert.AreEquivalent(before, LineCalls(ConcurrencyName));
        }

        [TestMethod]
        public void AModuleKnownOnlyFromAFileIsListedAndAnalysed()
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(6);
            var original = LineCalls(ConcurrencyName);
            using var temp = new TempDirectory();
            Cover.Export(temp.Combine("c.coverdata"), ConcurrencyName);
            var snapshot = CoverageFile.Decode(File.ReadAllBytes(temp.Combine("c.coverdata")), "test export").Single();
            // A module no assembly here declares, as if exported by another program.
            var name = "Elsewhere.Imported" + Guid.NewGuid().ToString("N");
            snapshot.Module.Name = name;
            var path = temp.Combine("renamed.coverdata");
            File.WriteAllBytes(path, CoverageFile.Encode(new[] { snapshot }));
            Assert.IsFalse(Cover.IsCompiled(name));

            Cover.Import(path);

            Assert.IsTrue(Cover.IsCompiled(name));
            CollectionAssert.Contains(Cover.Modules().ToList(), name);
            CollectionAssert.AreEquivalent(original, LineCalls(name), "the file's counts, line for line");
            Assert.AreEqual(1, ClauseCalls(name)["Spin/1#1"]);
            Assert.AreEqual(
                Cover.Analyse(ConcurrencyName, Analysis.Coverage, Level.Module).Single().ToString().Replace(ConcurrencyName, name),
                Cover.Analyse(name, Analysis.Coverage, Level.Module).Single().ToString());
            CollectionAssert.AreEquivalent(original, LineCalls(ConcurrencyName), "the module it was copied from is untouched");

            // A second import of the same module adds to the first rather than making another.
            Cover.Import(path);
            CollectionAssert.AreEquivalent(original.ToDictionary(p => p.Key, p => 2 * p.Value), LineCalls(name));
            Assert.AreEqual(1, Cover.Modules().Count(module => module == name));
        }

        [TestMethod]
        public void AFileHoldingTwoBuildsOfOneModuleIsRefused()
        {
            Concurrency.Spin(2);
            using var temp = new TempDirectory();
            Cover.Export(temp.Combine("c.coverdata"), ConcurrencyName);
            var name = "Elsewhere.Twice" + Guid.NewGuid().ToString("N");
            var first = CoverageFile.Decode(File.ReadAllBytes(temp.Combine("c.coverdata")), "test export").Single();
            var second = CoverageFile.Decode(File.ReadAllBytes(temp.Combine("c.coverdata")), "test export").Single();
            first.Module.Name = name;
            second.Module.Name = name;
            second.Module.Fingerprint ^= 1;
            var path = temp.Combine("two-builds.coverdata");
            File.WriteAllBytes(path, CoverageFile.Encode(new[] { first, second }));

            var e = Assert.ThrowsExactly<InvalidDataException>(() => Cover.Import(path));

            StringAssert.Contains(e.Message, name);
            Assert.IsFalse(Cover.IsCompiled(name), "nothing of the file was imported");
        }

        [TestMethod]
        public void ResetOfAnImportedModuleZeroesIt()
        {
            Concurrency.Spin(2);
            using var temp = new TempDirectory();
            Cover.Export(temp.Combine("c.coverdata"), ConcurrencyName);
            var snapshot = CoverageFile.Decode(File.ReadAllBytes(temp.Combine("c.coverdata")), "test export").Single();
            var name = "Elsewhere.Reset" + Guid.NewGuid().ToString("N");
            snapshot.Module.Name = name;
            File.WriteAllBytes(temp.Combine("renamed.coverdata"), CoverageFile.Encode(new[] { snapshot }));
            Cover.Import(temp.Combine("renamed.coverdata"));
            Assert.IsTrue(LineCalls(name).Values.Any(count => count > 0));

            Cover.Reset(name);

            Assert.IsTrue(LineCalls(name).Values.All(count => count == 0));
        }

        private static int BodyLine() => SourceMarkers.LineOf(ConcurrencySource, "total += i;");

        private static byte[] Flip(byte[] bytes, int at)
        {
            var copy = (byte[])bytes.Clone();
            copy[at] ^= 0x04;
            return copy;
        }

        /// <summary>Every clause of every module, as "Module, Assembly:Function/Arity#Clause".</summary>
        private static Dictionary<string, long> AllClauseCalls()
        {
            return Cover.Analyse(Analysis.Calls, Level.Clause).ToDictionary(row => $"{row.Module}, {row.Assembly}:{row.Function}/{row.Arity}#{row.Clause}", row => row.Calls);
        }

        /// <summary>Every line of every module, as "Module, Assembly:File:Line".</summary>
        private static Dictionary<string, long> AllLineCalls()
        {
            return Cover.Analyse(Analysis.Calls, Level.Line).ToDictionary(row => $"{row.Module}, {row.Assembly}:{row.File}:{row.Line}", row => row.Calls);
        }
    }
}
