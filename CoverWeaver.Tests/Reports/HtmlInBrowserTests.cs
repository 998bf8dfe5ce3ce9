using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CoverWeaver.Reports;
using CoverWeaver.Reports.Html;
using CoverWeaver.Tests.Support;
using Microsoft.Playwright;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Reports
{
    /// <summary>
    /// The HTML report as a person sees it: opened from disk in a real headless Chromium (Debian's,
    /// driven by Playwright; no browser is downloaded). The numbers on the page are the data's,
    /// sorting by a header reorders the rows, a file link leads to the file's page, whose counts
    /// and colours are the data's. Screenshots are kept as test artifacts.
    /// </summary>
    [TestClass]
    public sealed class HtmlInBrowserTests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        public async Task TheReportOpenedFromDiskShowsTheDataSortsAndLinksToFilePages()
        {
            var chromium = ExternalTools.Chromium();
            using var temp = new TempDirectory();
            var snapshots = ReportFixture.Snapshots(temp);
            var figures = LineFigures.Of(snapshots);
            var index = HtmlReport.Write(snapshots, temp.Combine("html"), DateTimeOffset.Now);
            var shots = Path.Combine(AppContext.BaseDirectory, "report-screenshots");
            Directory.CreateDirectory(shots);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
            var failedRequests = 0;
            page.RequestFailed += (_, _) => failedRequests++;
            await page.GotoAsync(new Uri(index).AbsoluteUri);

            // The totals and every row are the data's.
            Assert.AreEqual($"{figures.Total.Covered}/{figures.Total.Total}", await page.TextContentAsync("#total-lines"));
            Assert.AreEqual(Percent.Format(figures.Total) + "%", await page.TextContentAsync("#total-percent"));
            var expected = figures.Assemblies.SelectMany(a => new[] { $"0|{a.Name}|{HtmlReport.Lines(a.Lines)}|{HtmlAssets.Percentage(a.Lines)}" }
                .Concat(a.Modules.SelectMany(m => new[] { $"1|{m.Id.Type}|{HtmlReport.Lines(m.Lines)}|{HtmlAssets.Percentage(m.Lines)}" }
                    .Concat(m.Files.Select(f => $"2|{f.Path}|{HtmlReport.Lines(f.Figure)}|{HtmlAssets.Percentage(f.Figure)}")))))
                .ToArray();
            CollectionAssert.AreEqual(expected, await Rows(page));

            // Sorting by coverage reorders the rows within each level, ascending then descending.
            await page.ClickAsync("th[data-sort=percent]");
            Assert.AreEqual("ascending", await page.GetAttributeAsync("th[data-sort=percent]", "aria-sort"));
            var ascending = await Rows(page);
            CollectionAssert.AreEquivalent(expected, ascending, "the same rows");
            CollectionAssert.AreNotEqual(expected, ascending, "in another order");
            var assemblies = ascending.Where(r => r.StartsWith("0|", StringComparison.Ordinal)).Select(r => r.Split('|')[1]).ToArray();
            CollectionAssert.AreEqual(figures.Assemblies.OrderBy(a => a.Lines.Percent).ThenBy(a => a.Name, StringComparer.Ordinal).Select(a => a.Name).ToArray(), assemblies);
            var wovenModules = ascending.SkipWhile(r => r != ascending.First(x => x.Contains("|CoverWeaver.Tests.Woven|", StringComparison.Ordinal))).Skip(1)
                .TakeWhile(r => !r.StartsWith("0|", StringComparison.Ordinal)).Where(r => r.StartsWith("1|", StringComparison.Ordinal)).Select(r => r.Split('|')[1]).ToArray();
            var woven = figures.Assemblies.Single(a => a.Name == "CoverWeaver.Tests.Woven");
            CollectionAssert.AreEqual(woven.Modules.OrderBy(m => m.Lines.Percent ?? -1).ThenBy(m => m.Id.Type, StringComparer.Ordinal).Select(m => m.Id.Type).ToArray(), wovenModules, "modules by coverage within their assembly");
            await page.ClickAsync("th[data-sort=percent]");
            Assert.AreEqual("descending", await page.GetAttributeAsync("th[data-sort=percent]", "aria-sort"));
            Assert.AreEqual((await Rows(page)).First(r => r.StartsWith("0|", StringComparison.Ordinal)).Split('|')[1], assemblies.Last());
            await page.ClickAsync("th[data-sort=name]");
            CollectionAssert.AreEqual(expected, await Rows(page), "back to name order");
            await Screenshot(page, shots, "index.png");

            // The Concurrency module's file link leads to its page, with the data's counts and colours.
            var module = woven.Modules.Single(m => m.Id.Type == WovenModules.ConcurrencyName);
            var path = module.Files.Single().Path;
            await page.ClickAsync($"tr.file[data-name=\"{path}\"] a");
            await page.WaitForSelectorAsync("#source");
            Assert.AreEqual(path, await page.TextContentAsync("h1"));
            var lines = figures.Files[path];
            Assert.AreEqual($"{lines.Values.Count(c => c > 0)}/{lines.Count}", await page.TextContentAsync("#file-lines"));
            var shown = await page.EvalOnSelectorAllAsync<string[]>("#source tr[data-count]", "rows => rows.map(r => r.id + '=' + r.querySelector('td.c').textContent + ':' + r.className)");
            CollectionAssert.AreEqual(lines.Select(l => $"L{l.Key}={l.Value}:{(l.Value > 0 ? "covered" : "uncovered")}").ToArray(), shown);
            Assert.AreEqual(
                File.ReadAllLines(path).Length,
                await page.EvalOnSelectorAllAsync<int>("#source tr", "rows => rows.length"),
                "every source line is shown");
            var covered = await page.EvalOnSelectorAsync<string>("#source tr.covered td.s", "td => getComputedStyle(td).backgroundColor");
            var uncovered = await page.EvalOnSelectorAsync<string>("#source tr.uncovered td.s", "td => getComputedStyle(td).backgroundColor");
            Assert.AreNotEqual(covered, uncovered, "covered and uncovered lines look different");

            // Erlang's function rows, as the analysis gives them, beside the source.
            var spin = Cover.Analyse(WovenModules.ConcurrencyName, Analysis.Calls, Level.Function).Single(r => r.Function == "Spin");
            var spinRow = await page.EvalOnSelectorAsync<string[]>("#functions tr[data-function='Spin/1']", "r => Array.from(r.cells).map(c => c.textContent)");
            Assert.AreEqual("Spin/1", spinRow[0]);
            Assert.IsTrue(long.Parse(spinRow[1]) >= 1 && long.Parse(spinRow[1]) <= spin.Calls, "calls as counted (other tests may run Spin since)");
            await Screenshot(page, shots, "concurrency.png");

            // A page of a module of the other assembly: the type name alone would be ambiguous.
            await page.GoBackAsync();
            var other = figures.Modules.Single(m => m.Id.Assembly == ReportFixture.OtherAssembly);
            await page.ClickAsync($"tr.file[data-name=\"{other.Files.Single().Path}\"] a");
            await page.WaitForSelectorAsync("#functions");
            StringAssert.Contains(await page.TextContentAsync("#functions tr.module"), other.Id.Qualified);
            Assert.AreEqual(0, failedRequests, "nothing failed to load");
        }

        private static async Task<string[]> Rows(IPage page) =>
            await page.EvalOnSelectorAllAsync<string[]>(
                "#coverage tbody tr",
                "rows => rows.map(r => [r.dataset.level, r.dataset.name, r.querySelector('td.lines').textContent, r.querySelector('td.percent .value').textContent].join('|'))");

        private async Task Screenshot(IPage page, string folder, string name)
        {
            var path = Path.Combine(folder, name);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
            TestContext.AddResultFile(path);
            TestContext.WriteLine("screenshot: " + path);
        }
    }
}
