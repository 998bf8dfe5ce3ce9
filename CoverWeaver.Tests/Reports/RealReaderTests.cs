using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CoverWeaver.Report;
using CoverWeaver.Reports;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Reports
{
    /// <summary>
    /// Our Cobertura and LCOV read by the real tools users feed them to, on the woven fixture's
    /// real counts: ReportGenerator's totals per class and overall, and genhtml's overall line
    /// rate, must be exactly ours.
    /// </summary>
    [TestClass]
    public sealed class RealReaderTests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        public void ReportGeneratorReadsOurCoberturaWithOurTotalsPerClassAndOverall()
        {
            var tool = ExternalTools.ReportGenerator();
            using var temp = new TempDirectory();
            var snapshots = ReportFixture.Snapshots(temp);
            var figures = LineFigures.Of(snapshots);
            var report = temp.Combine(Cobertura.FileName);
            File.WriteAllText(report, Cobertura.Write(snapshots, DateTimeOffset.UtcNow), new UTF8Encoding(false));
            var output = temp.Combine("rg");

            var (exit, stdout, stderr) = ExternalTools.Run(tool, temp.Path, "-reports:" + report, "-targetdir:" + output, "-reporttypes:JsonSummary;TextSummary", "-verbosity:Warning");

            Assert.AreEqual(0, exit, stdout + stderr);
            TestContext.WriteLine(File.ReadAllText(Path.Combine(output, "Summary.txt")));
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "Summary.json")));
            var summary = json.RootElement.GetProperty("summary");
            Assert.AreEqual(figures.Total.Covered, summary.GetProperty("coveredlines").GetInt32(), "covered lines overall");
            Assert.AreEqual(figures.Total.Total, summary.GetProperty("coverablelines").GetInt32(), "coverable lines overall");

            var theirs = json.RootElement.GetProperty("coverage").GetProperty("assemblies").EnumerateArray()
                .SelectMany(a => a.GetProperty("classesinassembly").EnumerateArray().Select(c =>
                    $"{a.GetProperty("name").GetString()}:{c.GetProperty("name").GetString()} {c.GetProperty("coveredlines").GetInt32()}/{c.GetProperty("coverablelines").GetInt32()}"))
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
            var ours = figures.Modules
                .Select(m => $"{m.Id.Assembly}:{m.Id.Type} {m.Lines.Covered}/{m.Lines.Total}")
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToArray();
            CollectionAssert.AreEqual(ours, theirs, "per class: " + string.Join("; ", theirs.Except(ours)));
            Assert.IsTrue(theirs.Any(t => t.StartsWith(ReportFixture.OtherAssembly + ":" + WovenModules.ConcurrencyName + " ", StringComparison.Ordinal)), "the same type name in another assembly is a class of its own");
        }

        [TestMethod]
        public void GenhtmlReadsOurLcovWithOurOverallLineRate()
        {
            var tool = ExternalTools.Genhtml();
            using var temp = new TempDirectory();
            var snapshots = ReportFixture.Snapshots(temp);
            var figures = LineFigures.Of(snapshots);
            var tracefile = temp.Combine("coverage.info");
            File.WriteAllText(tracefile, Lcov.Write(snapshots), new UTF8Encoding(false));

            var (exit, stdout, stderr) = ExternalTools.Run(tool, temp.Path, "--output-directory", temp.Combine("genhtml"), tracefile);

            Assert.AreEqual(0, exit, stdout + stderr);
            var printed = Regex.Match(stdout, @"lines\.+: ([0-9.]+)% \((\d+) of (\d+) lines\)");
            Assert.IsTrue(printed.Success, "genhtml printed no line rate: " + stdout + stderr);
            TestContext.WriteLine("genhtml: " + printed.Value + "; ours: " + Percent.Format(figures.Total) + "% (" + figures.Total.Covered + " of " + figures.Total.Total + " lines)");
            Assert.AreEqual(figures.Total.Covered, int.Parse(printed.Groups[2].Value, CultureInfo.InvariantCulture), "covered lines");
            Assert.AreEqual(figures.Total.Total, int.Parse(printed.Groups[3].Value, CultureInfo.InvariantCulture), "executable lines");
            Assert.AreEqual(Percent.Format(figures.Total), printed.Groups[1].Value, "the percentage, as the text table and the HTML print it");
        }
    }
}
