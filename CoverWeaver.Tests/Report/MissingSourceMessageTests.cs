using System.IO;
using CoverWeaver.Report;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Report
{
    /// <summary>
    /// AnalyseToFile's error for a missing source names the path the build recorded and, where that
    /// path was never a real folder here, says why: a user of a package sees /_/src/... or C:\...
    /// </summary>
    [TestClass]
    public sealed class MissingSourceMessageTests
    {
        [TestMethod]
        [DataRow("/_/src/Lib/Parser.cs")]
        [DataRow("/_1/Generated/Parser.cs")]
        public void ADeterministicPathIsCalledOne(string path)
        {
            var message = AnnotatedSource.MissingSource("Lib.Parser", path);

            StringAssert.StartsWith(message, "Cannot annotate Lib.Parser: its source file is not on this machine.");
            StringAssert.Contains(message, "recorded it at " + path + ", a path a deterministic build mapped (PathMap) rather than a real folder.");
        }

        [TestMethod]
        [DataRow(@"C:\sources\cecil\Mono.Cecil\ModuleDefinition.cs")]
        [DataRow(@"\\server\share\Parser.cs")]
        public void AWindowsPathElsewhereIsCalledOne(string path)
        {
            if (Path.DirectorySeparatorChar != '/')
            {
                Assert.Inconclusive("on Windows such a path may be on this machine");
            }

            StringAssert.Contains(AnnotatedSource.MissingSource("M", path), path + ", a Windows path from the machine that built it.");
        }

        [TestMethod]
        [DataRow("/home/dev/src/Parser.cs")]
        [DataRow("/_x/Parser.cs")]
        [DataRow("/_")]
        public void AnOrdinaryPathGetsNoGuess(string path)
        {
            var message = AnnotatedSource.MissingSource("M", path);

            Assert.AreEqual($"Cannot annotate M: its source file is not on this machine. The build recorded it at {path}. AnalyseToFile needs the source at that path; Cover.Analyse needs no source.", message);
        }
    }
}
