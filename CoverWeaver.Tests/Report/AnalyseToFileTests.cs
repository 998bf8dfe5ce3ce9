using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Report
{
    /// <summary>
    /// <c>Cover.AnalyseToFile</c> writes Erlang's <c>Module.COVER.out</c>: a header naming the
    /// source and the time, a row of stars, then every source line, executable ones prefixed with
    /// how often they ran.
    /// </summary>
    [TestClass]
    public sealed class AnalyseToFileTests
    {
        private const string NotExecutable = "        |  ";

        [TestMethod]
        public void TheAnnotatedSourceIsInErlangsFormat()
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(3);
            using var temp = new TempDirectory();
            var source = File.ReadAllLines(ConcurrencySource);

            var written = Cover.AnalyseToFile(ConcurrencyName, temp.Combine("Concurrency.out"));

            Assert.AreEqual(temp.Combine("Concurrency.out"), written);
            var text = File.ReadAllText(written);
            Assert.IsTrue(text.EndsWith("\n", StringComparison.Ordinal) && !text.Contains('\r'), "lines end in \\n, as Erlang writes them");
            var lines = text.Substring(0, text.Length - 1).Split('\n');
            Assert.HasCount(source.Length + 2, lines, "header, stars, then one line per source line");

            var header = Regex.Match(lines[0], "^File generated from (.+) by COVER (\\d{4}-\\d{2}-\\d{2} at \\d{2}:\\d{2}:\\d{2})$");
            Assert.IsTrue(header.Success, lines[0]);
            Assert.AreEqual(Path.GetFullPath(ConcurrencySource), Path.GetFullPath(header.Groups[1].Value));
            var stamp = DateTime.ParseExact(header.Groups[2].Value, "yyyy-MM-dd 'at' HH:mm:ss", CultureInfo.InvariantCulture);
            Assert.IsTrue(Math.Abs((DateTime.Now - stamp).TotalMinutes) < 5, $"local time of writing, got {stamp}");
            Assert.AreEqual(new string('*', 76), lines[1]);

            Assert.AreEqual("     3..|  " + source[Line("total += i;") - 1], lines[Line("total += i;") + 1], "the loop body ran 3 times");
            Assert.AreEqual("     0..|  " + source[Line("var x = 1;") - 1], lines[Line("var x = 1;") + 1], "Fail never ran");
            Assert.AreEqual(NotExecutable + "using System.Threading;", lines[2]);
            Assert.AreEqual(NotExecutable, lines[Line("using System.Threading;") + 2], "an empty source line keeps its prefix");
        }

        [TestMethod]
        public void EveryLineIsAnnotatedAsTheLineAnalysisSays()
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(12);
            using var temp = new TempDirectory();
            var source = File.ReadAllLines(ConcurrencySource);
            var calls = LineCalls(ConcurrencyName);

            var lines = File.ReadAllText(Cover.AnalyseToFile(ConcurrencyName, temp.Combine("c.out"))).Split('\n');

            for (var i = 0; i < source.Length; i++)
            {
                var expected = calls.TryGetValue(i + 1, out var count)
                    ? count.ToString(CultureInfo.InvariantCulture).PadLeft(6) + "..|  "
                    : NotExecutable;
                Assert.AreEqual(expected + source[i], lines[i + 2], $"line {i + 1}");
            }

            Assert.IsTrue(calls.Values.Contains(12), "some line ran 12 times, so the check above saw real counts");
        }

        [TestMethod]
        public void TheDefaultFileIsModuleDotCoverDotOutInTheCurrentDirectory()
        {
            using var temp = new TempDirectory();
            var previous = Environment.CurrentDirectory;
            try
            {
                Environment.CurrentDirectory = temp.Path;
                var expected = Path.Combine(Environment.CurrentDirectory, ConcurrencyName + ".COVER.out");

                var written = Cover.AnalyseToFile(ConcurrencyName);

                Assert.AreEqual(expected, written);
                Assert.IsTrue(File.Exists(expected));
                StringAssert.StartsWith(File.ReadAllText(expected), "File generated from ");
                CollectionAssert.AreEqual(new[] { ConcurrencyName + ".COVER.out" }, temp.FileNames(), "only the report, no temporary file");
            }
            finally
            {
                Environment.CurrentDirectory = previous;
            }
        }

        [TestMethod]
        public void AMissingSourceIsNamedAndNothingIsWritten()
        {
            Concurrency.Spin(1);
            using var temp = new TempDirectory();
            Cover.Export(temp.Combine("c.coverdata"), ConcurrencyName);
            var snapshot = CoverageFile.Decode(File.ReadAllBytes(temp.Combine("c.coverdata")), "test export").Single();
            // Data from another machine: the module's source is not where its build saw it.
            var name = "Elsewhere.NoSource" + Guid.NewGuid().ToString("N");
            var missing = Path.Combine(temp.Path, "gone", "Concurrency.cs");
            snapshot.Module.Name = name;
            snapshot.Assembly.Documents[snapshot.Module.Clauses[0].Lines[0].Document] = missing;
            File.WriteAllBytes(temp.Combine("moved.coverdata"), CoverageFile.Encode(new[] { snapshot }));
            Cover.Import(temp.Combine("moved.coverdata"));
            var outFile = temp.Combine("NoSource.COVER.out");

            var e = Assert.ThrowsExactly<FileNotFoundException>(() => Cover.AnalyseToFile(name, outFile));

            StringAssert.Contains(e.Message, missing);
            Assert.AreEqual(missing, e.FileName);
            Assert.IsFalse(File.Exists(outFile), "no output file");
            CollectionAssert.AreEqual(new[] { "c.coverdata", "moved.coverdata" }, temp.FileNames(), "nor any temporary file");
        }

        private static int Line(string marker) => SourceMarkers.LineOf(ConcurrencySource, marker);
    }
}
