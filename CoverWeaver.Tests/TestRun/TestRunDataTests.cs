extern alias runtime;

using System;
using System.IO;
using System.Linq;
using CoverWeaver.MSBuild;
using CoverWeaver.Persistence;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.TestRun
{
    /// <summary>One command's session: parts saved from counter files, summed, and old sessions cleared away.</summary>
    [TestClass]
    public sealed unsafe class TestRunDataTests
    {
        [TestMethod]
        public void PartsOfTwoTestProjectsSumUnderTheBuildRule()
        {
            using var temp = new TempDirectory();
            var table = SyntheticCoverage.Table("Lib", "Sum" + Guid.NewGuid().ToString("N").Substring(0, 8), CountingMode.Count);
            var first = Directory.CreateDirectory(temp.Combine("a")).FullName;
            var second = Directory.CreateDirectory(temp.Combine("b")).FullName;
            Block(first, table)[0] = 3;
            Block(second, table)[0] = 4;
            var run = new TestRunData(temp.Combine("sessions/one"));

            Assert.AreEqual(1, run.SavePart(first, "A.Tests-net10.0"));
            Assert.AreEqual(1, run.SavePart(second, "B.Tests-net10.0"));
            Assert.AreEqual(0, run.SavePart(temp.Combine("none"), "C.Tests-net10.0"), "a test project that ran no woven code saves an empty part");
            var (modules, parts) = run.Sum();

            Assert.AreEqual(7L, modules.Single().Counts[0]);
            CollectionAssert.AreEqual(new[] { "A.Tests-net10.0", "B.Tests-net10.0", "C.Tests-net10.0" }, parts.Select(Path.GetFileNameWithoutExtension).ToArray());
        }

        [TestMethod]
        public void SessionsUntouchedForADayAreRemovedAndRecentOnesKept()
        {
            using var temp = new TempDirectory();
            var old = Directory.CreateDirectory(temp.Combine("sessions/old")).FullName;
            var recent = Directory.CreateDirectory(temp.Combine("sessions/recent")).FullName;
            Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));
            var run = new TestRunData(temp.Combine("sessions/now"));

            run.SavePart(temp.Combine("none"), "A.Tests-net10.0");

            Assert.IsFalse(Directory.Exists(old));
            Assert.IsTrue(Directory.Exists(recent));
            Assert.IsTrue(Directory.Exists(run.SessionDirectory));
        }

        private static long* Block(string directory, AssemblyProbeTable table) =>
            (long*)LiveCounterFiles.Create(directory, table, Guid.NewGuid(), 9).NewBlock();
    }
}
