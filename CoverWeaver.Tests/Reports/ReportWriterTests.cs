using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using CoverWeaver.Data;
using CoverWeaver.Reports;
using CoverWeaver.Reports.Html;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.HandMadeModules;

namespace CoverWeaver.Tests.Reports
{
    /// <summary>
    /// Every writer's numbers on modules written by hand, where each count is known:
    /// <list type="bullet">
    /// <item><c>Ns.Shape, Lib</c> (/src/Shape.cs): a field initializer on line 3 copied into two
    /// constructors run 2 and 3 times (5), lines 5 and 7 ran, <c>Area</c>'s lines 10 and 11 did not: 3 of 5.</item>
    /// <item><c>Ns.Split, Lib</c>, one type in two files: line 5 of SplitA.cs ran, line 5 of SplitB.cs did not: 1 of 2.</item>
    /// <item><c>Ns.Shape, Other</c>: the same type name in another assembly (/other/Shape.cs): 2 of 2.</item>
    /// </list>
    /// Lib is 4 of 7, Other 2 of 2, the total 6 of 9.
    /// </summary>
    [TestClass]
    public sealed class ReportWriterTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

        internal static List<ModuleSnapshot> Sample() => new List<ModuleSnapshot>
        {
            Module("Lib", "Ns.Shape",
                Clause(".ctor", 0, 2, ("/src/Shape.cs", 3, 2), ("/src/Shape.cs", 5, 2)),
                Clause(".ctor", 1, 3, ("/src/Shape.cs", 3, 3), ("/src/Shape.cs", 7, 3)),
                Clause("Area", 0, 0, ("/src/Shape.cs", 10, 0), ("/src/Shape.cs", 11, 0))),
            Module("Lib", "Ns.Split",
                Clause("Left", 0, 1, ("/src/SplitA.cs", 5, 1)),
                Clause("Right", 0, 0, ("/src/SplitB.cs", 5, 0))),
            Module("Other", "Ns.Shape",
                Clause("Run", 0, 4, ("/other/Shape.cs", 1, 4), ("/other/Shape.cs", 2, 4))),
        };

        [TestMethod]
        public void FiguresCountDistinctLinesWithFieldInitializersSummedOverConstructors()
        {
            var figures = LineFigures.Of(Sample());

            Assert.AreEqual((6, 9), (figures.Total.Covered, figures.Total.Total));
            CollectionAssert.AreEqual(new[] { "Lib 4/7", "Other 2/2" }, figures.Assemblies.Select(a => $"{a.Name} {a.Lines.Covered}/{a.Lines.Total}").ToArray());
            CollectionAssert.AreEqual(
                new[] { "Ns.Shape, Lib 3/5", "Ns.Split 1/2", "Ns.Shape, Other 2/2" },
                figures.Modules.Select(m => $"{m.Name} {m.Lines.Covered}/{m.Lines.Total}").ToArray(),
                "a type name two assemblies declare is shown with its assembly");
            Assert.AreEqual(5L, figures.Files["/src/Shape.cs"][3], "the initializer ran once per constructor call: 2 + 3");
        }

        [TestMethod]
        public void ALineTwoModulesStartCodeOnCountsInEachModuleButOnceInTheTotal()
        {
            // A nested type declared on line 4 of the file its outer type is in.
            var snapshots = new[]
            {
                Module("Lib", "Ns.Outer", Clause("Run", 0, 1, ("/src/Outer.cs", 4, 0), ("/src/Outer.cs", 6, 1))),
                Module("Lib", "Ns.Outer+Inner", Clause("Go", 0, 1, ("/src/Outer.cs", 4, 1))),
            };

            var figures = LineFigures.Of(snapshots);

            CollectionAssert.AreEqual(new[] { "1/2", "1/1" }, figures.Modules.Select(m => $"{m.Lines.Covered}/{m.Lines.Total}").ToArray());
            Assert.AreEqual((2, 2), (figures.Total.Covered, figures.Total.Total), "line 4 ran (by Inner), counted once");
            Assert.AreEqual((2, 2), (figures.Assemblies.Single().Lines.Covered, figures.Assemblies.Single().Lines.Total));
        }

        [TestMethod]
        public void TwoSnapshotsOfOneModuleAreRefused()
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => LineFigures.Of(Sample().Append(Sample()[0])));
            StringAssert.Contains(e.Message, "Ns.Shape, Lib");
        }

        [TestMethod]
        public void CoberturaHasPackagesPerAssemblyClassesPerModuleAndFileAndMethodsPerClause()
        {
            var xml = XDocument.Parse(Cobertura.Write(Sample(), Now));

            Assert.AreEqual("coverage", xml.DocumentType!.Name);
            Assert.AreEqual("http://cobertura.sourceforge.net/xml/coverage-04.dtd", xml.DocumentType.SystemId);
            var coverage = xml.Root!;
            Assert.AreEqual("6", coverage.Attribute("lines-covered")!.Value);
            Assert.AreEqual("9", coverage.Attribute("lines-valid")!.Value);
            Assert.AreEqual(6.0 / 9, double.Parse(coverage.Attribute("line-rate")!.Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.AreEqual(Now.ToUnixTimeSeconds().ToString(), coverage.Attribute("timestamp")!.Value);
            foreach (var required in new[] { "branch-rate", "branches-covered", "branches-valid", "complexity", "version" })
            {
                Assert.IsNotNull(coverage.Attribute(required), required);
            }

            Assert.AreEqual("/", coverage.Element("sources")!.Element("source")!.Value, "/src and /other share only the root");
            CollectionAssert.AreEqual(new[] { "Lib", "Other" }, coverage.Descendants("package").Select(p => p.Attribute("name")!.Value).ToArray());
            var classes = coverage.Descendants("class")
                .Select(c => $"{c.Parent!.Parent!.Attribute("name")!.Value}:{c.Attribute("name")!.Value}@{c.Attribute("filename")!.Value} {c.Element("lines")!.Elements().Count(l => l.Attribute("hits")!.Value != "0")}/{c.Element("lines")!.Elements().Count()}")
                .ToArray();
            CollectionAssert.AreEqual(
                new[] { "Lib:Ns.Shape@src/Shape.cs 3/5", "Lib:Ns.Split@src/SplitA.cs 1/1", "Lib:Ns.Split@src/SplitB.cs 0/1", "Other:Ns.Shape@other/Shape.cs 2/2" },
                classes,
                "one class element per module and file, the package telling the two Ns.Shape apart");

            var shape = coverage.Descendants("class").First();
            Assert.AreEqual("5", shape.Element("lines")!.Elements().Single(l => l.Attribute("number")!.Value == "3").Attribute("hits")!.Value);
            Assert.IsTrue(shape.Element("lines")!.Elements().All(l => l.Attribute("branch")!.Value == "false"));
            var methods = shape.Element("methods")!.Elements("method")
                .Select(m => $"{m.Attribute("name")!.Value}{m.Attribute("signature")!.Value} {string.Join(",", m.Descendants("line").Select(l => l.Attribute("number")!.Value + "=" + l.Attribute("hits")!.Value))} {m.Attribute("line-rate")!.Value}")
                .ToArray();
            CollectionAssert.AreEqual(
                new[] { ".ctor(arity 0) 3=2,5=2 1", ".ctor(arity 1) 3=3,7=3 1", "Area(arity 0) 10=0,11=0 0" },
                methods,
                "a method's lines are its own counts; the class line sums the constructors");
        }

        [TestMethod]
        public void CoberturaSourceRootIsTheDeepestSharedFolder()
        {
            Assert.AreEqual("/repo/src", Cobertura.SourceRoot(new[] { "/repo/src/a/A.cs", "/repo/src/B.cs" }));
            Assert.AreEqual("/repo/src/a", Cobertura.SourceRoot(new[] { "/repo/src/a/A.cs" }));
            Assert.AreEqual("C:\\repo", Cobertura.SourceRoot(new[] { "C:\\repo\\A.cs", "C:\\repo\\b\\B.cs" }));
            Assert.IsNull(Cobertura.SourceRoot(new[] { "C:\\repo\\A.cs", "/src/B.cs" }), "no folder in common: full paths");
            Assert.IsNull(Cobertura.SourceRoot(new[] { "A.cs" }));
            Assert.AreEqual("/", Cobertura.SourceRoot(new[] { "/repo/A.cs", "/other/B.cs" }));
            Assert.AreEqual("/repo", Cobertura.SourceRoot(new[] { "/repo/src/A.cs", "/repo/srcB/B.cs" }), "a folder is shared whole, never a prefix of its name");
        }

        [TestMethod]
        public void JsonSummaryHasTotalsAssembliesModulesAndFiles()
        {
            using var json = JsonDocument.Parse(JsonSummary.Write(Sample()));
            var root = json.RootElement;

            Assert.AreEqual(JsonSummary.Format, root.GetProperty("format").GetString());
            Assert.AreEqual("6/9 66.67", Figure(root.GetProperty("total")));
            var assemblies = root.GetProperty("assemblies").EnumerateArray().ToList();
            CollectionAssert.AreEqual(new[] { "Lib 4/7 57.14", "Other 2/2 100.00" }, assemblies.Select(a => a.GetProperty("name").GetString() + " " + Figure(a.GetProperty("lines"))).ToArray());
            var split = assemblies[0].GetProperty("modules")[1];
            Assert.AreEqual("Ns.Split", split.GetProperty("name").GetString());
            Assert.AreEqual("Ns.Split, Lib", split.GetProperty("qualified").GetString());
            CollectionAssert.AreEqual(
                new[] { "/src/SplitA.cs 1/1 100.00", "/src/SplitB.cs 0/1 0.00" },
                split.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString() + " " + Figure(f.GetProperty("lines"))).ToArray());
            CollectionAssert.AreEqual(
                new[] { "/other/Shape.cs 2/2 100.00", "/src/Shape.cs 3/5 60.00", "/src/SplitA.cs 1/1 100.00", "/src/SplitB.cs 0/1 0.00" },
                root.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString() + " " + Figure(f.GetProperty("lines"))).ToArray());
        }

        [TestMethod]
        public void JsonSummaryOfAModuleWithNoLinesHasANullPercent()
        {
            using var json = JsonDocument.Parse(JsonSummary.Write(new[] { Module("Lib", "Ns.Empty") }));

            Assert.AreEqual(JsonValueKind.Null, json.RootElement.GetProperty("total").GetProperty("percent").ValueKind);
        }

        [TestMethod]
        public void TextSummaryHasAssemblyAndModuleRowsAndATotal()
        {
            var lines = TextSummary.Write(Sample()).TrimEnd('\n').Split('\n');

            var rows = lines.Where(l => !l.StartsWith("-", StringComparison.Ordinal)).Select(l => string.Join(" ", l.Split(new[] { ' ', '|' }, StringSplitOptions.RemoveEmptyEntries))).ToArray();
            CollectionAssert.AreEqual(
                new[] { "Assembly / module Lines Line %", "Lib 4/7 57.1%", "Ns.Shape 3/5 60.0%", "Ns.Split 1/2 50.0%", "Other 2/2 100.0%", "Ns.Shape 2/2 100.0%", "Total 6/9 66.7%" },
                rows);
            Assert.IsTrue(lines[2].StartsWith("Lib ", StringComparison.Ordinal) && lines[3].StartsWith("  Ns.Shape ", StringComparison.Ordinal), "modules indented under their assembly");
            Assert.AreEqual(1, lines.Select(l => l.IndexOfAny(new[] { '|', '+' })).Distinct().Count(), "columns aligned");
        }

        [TestMethod]
        [DataRow(1, 16, "6.2", DisplayName = "6.25 exactly: a tie, to even, as printf")]
        [DataRow(3, 2000, "0.1", DisplayName = "0.15 is 0.1499… as a double")]
        [DataRow(1999, 2000, "99.9", DisplayName = "99.95 rounds to 100, but a line is missing")]
        [DataRow(1, 100000, "0.1", DisplayName = "0.001 rounds to 0, but a line ran")]
        [DataRow(2, 3, "66.7")]
        [DataRow(0, 5, "0.0")]
        [DataRow(5, 5, "100.0")]
        public void PercentagesRoundAsGenhtmlPrintsThem(int covered, int total, string expected)
        {
            Assert.AreEqual(expected, Percent.Format(new Figure(covered, total)));
        }

        [TestMethod]
        public void ThresholdTotalComparesTheOverallFigure()
        {
            Assert.IsEmpty(Threshold.Check(Sample(), 66, ThresholdStat.Total));
            var failure = Threshold.Check(Sample(), 70, ThresholdStat.Total).Single();
            Assert.AreEqual("total", failure.Kind);
            Assert.AreEqual(600.0 / 9, failure.Percent);
            Assert.AreEqual("total line coverage 66.67%", failure.ToString());
        }

        [TestMethod]
        public void ThresholdMinimumNamesEveryAssemblyAndModuleBelow()
        {
            var failures = Threshold.Check(Sample(), 70, ThresholdStat.Minimum);

            CollectionAssert.AreEqual(
                new[] { "assembly Lib: line coverage 57.14%", "module Ns.Shape, Lib: line coverage 60%", "module Ns.Split, Lib: line coverage 50%" },
                failures.Select(f => f.ToString()).ToArray());
            Assert.IsEmpty(Threshold.Check(Sample(), 50, ThresholdStat.Minimum));
        }

        [TestMethod]
        public void ThresholdAverageIsTheMeanOfTheAssemblies()
        {
            // (4/7 + 2/2) / 2 = 78.57 %, whereas the total is 66.67 %.
            Assert.IsEmpty(Threshold.Check(Sample(), 78.5, ThresholdStat.Average));
            var failure = Threshold.Check(Sample(), 80, ThresholdStat.Average).Single();
            Assert.AreEqual("average", failure.Kind);
            Assert.AreEqual((400.0 / 7 + 100) / 2, failure.Percent, 1e-9);
        }

        [TestMethod]
        public void ThresholdIsExactNotRounded()
        {
            var snapshots = new[] { Module("Lib", "Ns.T", Clause("Run", 0, 1, Enumerable.Range(1, 10000).Select(i => ("/src/T.cs", i, i <= 7999 ? 1L : 0L)).ToArray())) };

            Assert.AreEqual("80.0", Percent.Format(LineFigures.Of(snapshots).Total), "printed rounded");
            Assert.HasCount(1, Threshold.Check(snapshots, 80, ThresholdStat.Total), "79.99 % is below 80");
        }

        [TestMethod]
        public void ThresholdStatParsesTheThreeNamesAndNamesThemOtherwise()
        {
            Assert.AreEqual(ThresholdStat.Minimum, Threshold.ParseStat(" Minimum "));
            var e = Assert.ThrowsExactly<ArgumentException>(() => Threshold.ParseStat("median"));
            StringAssert.Contains(e.Message, "total, minimum or average");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Threshold.Check(Sample(), 101, ThresholdStat.Total));
        }

        [TestMethod]
        public void HtmlEscapesNamesAndSourceAndSaysWhenASourceIsMissing()
        {
            using var temp = new TempDirectory();
            var source = temp.Combine("Evil.cs");
            File.WriteAllText(source, "line one\nvar s = \"<script>alert(1)</script>\" & more;\n");
            var missing = Path.Combine(temp.Path, "gone", "Gone.cs");
            var snapshots = new[]
            {
                Module("Lib<x>", "Ns.Evil<script>", Clause("Run&Go", 0, 1, (source, 2, 1))),
                Module("Lib<x>", "Ns.Gone", Clause("Run", 0, 0, (missing, 7, 0), (missing, 9, 0))),
            };

            var index = HtmlReport.Write(snapshots, temp.Combine("html"), Now);

            var html = File.ReadAllText(index);
            Assert.IsFalse(html.Contains("Ns.Evil<script>", StringComparison.Ordinal));
            StringAssert.Contains(html, "Ns.Evil&lt;script&gt;");
            StringAssert.Contains(html, "Lib&lt;x&gt;");
            var pages = Directory.GetFiles(Path.Combine(temp.Path, "html", HtmlFilePage.Folder)).OrderBy(p => p, StringComparer.Ordinal).ToArray();
            Assert.HasCount(2, pages);
            var evil = File.ReadAllText(pages.Single(p => p.EndsWith("Evil.cs.html", StringComparison.Ordinal)));
            StringAssert.Contains(evil, "&lt;script&gt;alert(1)&lt;/script&gt;");
            StringAssert.Contains(evil, "Run&amp;Go/0");
            Assert.IsFalse(evil.Contains("<script>alert", StringComparison.Ordinal));
            var gone = File.ReadAllText(pages.Single(p => p.EndsWith("Gone.cs.html", StringComparison.Ordinal)));
            StringAssert.Contains(gone, "not on this machine");
            StringAssert.Contains(gone, "<tr id=\"L7\" class=\"uncovered\" data-count=\"0\"><td class=\"n\">7</td><td class=\"c\">0</td>");
            StringAssert.Contains(gone, "<tr id=\"L9\" class=\"uncovered\"");
            Assert.IsFalse(html.Contains("http://", StringComparison.Ordinal) || html.Contains("https://", StringComparison.Ordinal), "nothing fetched from elsewhere");
        }

        private static string Figure(JsonElement figure) =>
            $"{figure.GetProperty("covered").GetInt32()}/{figure.GetProperty("total").GetInt32()} {figure.GetProperty("percent").GetRawText()}";
    }
}
