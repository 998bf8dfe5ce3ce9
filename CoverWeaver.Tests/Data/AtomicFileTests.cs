using System;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Data
{
    /// <summary>
    /// Exports and reports replace their file whole: a reader sees the old content or the new,
    /// never a mix, and no temporary file is left beside it.
    /// </summary>
    [TestClass]
    public sealed class AtomicFileTests
    {
        [TestMethod]
        public void ReplacingALongerFileLeavesOnlyTheNewContent()
        {
            using var temp = new TempDirectory();
            var path = temp.Combine("target.bin");
            File.WriteAllBytes(path, Enumerable.Repeat((byte)0xAB, 10_000).ToArray());

            AtomicFile.WriteAllBytes(path, new byte[] { 1, 2, 3 });

            CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
            CollectionAssert.AreEqual(new[] { "target.bin" }, temp.FileNames());
        }

        [TestMethod]
        public void WritingANewFileCreatesItAndNothingElse()
        {
            using var temp = new TempDirectory();
            var path = temp.Combine("new.bin");

            AtomicFile.WriteAllBytes(path, new byte[] { 9 });

            CollectionAssert.AreEqual(new byte[] { 9 }, File.ReadAllBytes(path));
            CollectionAssert.AreEqual(new[] { "new.bin" }, temp.FileNames());
        }

        [TestMethod]
        public void ExportOverAnExistingFileReplacesItWhole()
        {
            Concurrency.Spin(1);
            using var temp = new TempDirectory();
            var fresh = temp.Combine("fresh.coverdata");
            var reused = temp.Combine("reused.coverdata");
            Cover.Export(fresh, WovenModules.ConcurrencyName);
            // Longer than any export of one module, so a write in place would leave a tail.
            File.WriteAllBytes(reused, Enumerable.Repeat((byte)'x', File.ReadAllBytes(fresh).Length * 4).ToArray());

            Cover.Export(reused, WovenModules.ConcurrencyName);

            CollectionAssert.AreEqual(File.ReadAllBytes(fresh), File.ReadAllBytes(reused));
            Assert.AreEqual(WovenModules.ConcurrencyName, CoverageFile.Decode(File.ReadAllBytes(reused), reused).Single().Module.Name);
            CollectionAssert.AreEqual(new[] { "fresh.coverdata", "reused.coverdata" }, temp.FileNames(), "no temporary file is left behind");
        }

        [TestMethod]
        public void AFailedWriteLeavesTheOldFileAndNoTemporaryFile()
        {
            using var temp = new TempDirectory();
            // A directory where the file should go: the final move fails after the data was written.
            var path = temp.Combine("occupied");
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "inside.txt"), "kept");

            var e = Assert.Throws<Exception>(() => AtomicFile.WriteAllBytes(path, new byte[] { 1 }));
            Assert.IsTrue(e is IOException || e is UnauthorizedAccessException, e.ToString());

            Assert.AreEqual("kept", File.ReadAllText(Path.Combine(path, "inside.txt")));
            Assert.IsEmpty(temp.FileNames(), "the temporary file was removed");
        }
    }
}
