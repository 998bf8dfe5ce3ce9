using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// Probes are inserted without disturbing the PDB's mapping: an exception's stack trace still
    /// points at the line that threw, not at a probe's or a neighbouring line.
    /// </summary>
    [TestClass]
    public sealed class StackTraceTests
    {
        private static readonly Regex FrameLine = new Regex(@":line (\d+)\s*$");

        [TestMethod]
        public void TopFrameOfAnExceptionFromWovenCodeNamesTheThrowingLine()
        {
            var file = Path.Combine(RepoPaths.WovenFixtures, "Special", "Concurrency.cs");
            var expected = SourceMarkers.LineOf(file, "// throws here");

            var exception = Assert.ThrowsExactly<InvalidOperationException>(() => Concurrency.Fail());

            var top = exception.StackTrace!.Split('\n').First().TrimEnd('\r');
            StringAssert.Contains(top, "Fixtures.Woven.Concurrency.Fail()");
            StringAssert.Contains(top, "Concurrency.cs", "file information comes from the woven PDB");
            var match = FrameLine.Match(top);
            Assert.IsTrue(match.Success, top);
            Assert.AreEqual(expected, int.Parse(match.Groups[1].Value), top);
        }
    }
}
