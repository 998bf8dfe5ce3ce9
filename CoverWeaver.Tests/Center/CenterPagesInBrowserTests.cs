using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CoverWeaver.Center;
using CoverWeaver.Tests.Support;
using Microsoft.Playwright;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.HelloTraffic;

namespace CoverWeaver.Tests.Center
{
    /// <summary>
    /// The center's pages as a person sees them, in Debian's Chromium driven by Playwright, over
    /// two real test runs of a woven HelloService: each figure on a page is the JSON API's, the
    /// trend has a point per run, a file's source shows each line's count, the comparison of the
    /// runs lists the lines one covered and the other did not, and the downloads are the report
    /// writers' formats. Screenshots are kept as test artifacts.
    /// </summary>
    [TestClass]
    public sealed class CenterPagesInBrowserTests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        public async Task PagesShowTheRunsServicesFilesAndTheirDifference()
        {
            var chromium = ExternalTools.Chromium();
            using var temp = new TempDirectory();
            using var service = HelloServiceProcess.Start(temp.Combine("data"));
            var targets = temp.Combine("targets.json");
            File.WriteAllText(targets, JsonSerializer.Serialize(new[] { new { service = "hello", token = service.Token, targets = new[] { new { url = service.CoverAddress, data = service.DataDirectory } } } }));
            await using var center = await CenterHost.StartAsync(
                new CenterOptions { Port = 0, Database = temp.Combine("center.db"), TargetsFile = targets, Interval = TimeSpan.FromHours(1) }, _ => { });
            using var api = new HttpClient { BaseAddress = center.Address };

            var first = await Run(api, "first", "aaaa111", () => Send(service.Client, Mix(("HelloQuery", 3), ("Welcome", 1))));
            var second = await Run(api, "second", "bbbb222", () => Send(service.Client, Mix(("HelloPath", 2), ("Welcome", 2))));
            var shots = Path.Combine(AppContext.BaseDirectory, "center-screenshots");
            Directory.CreateDirectory(shots);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
            var failed = 0;
            page.RequestFailed += (_, _) => failed++;

            // Services: the current figure and a trend point per sealed run, each the API's.
            await page.GotoAsync(center.Address.AbsoluteUri);
            var total = await Json(api, "api/services/hello/total");
            Assert.AreEqual($"{total.GetProperty("covered")}/{total.GetProperty("total")}", await page.TextContentAsync("#services tr[data-service=hello] td.lines"));
            var points = await page.GetAttributeAsync("#services tr[data-service=hello] svg.trend", "data-points");
            var expectedPoints = string.Join(" ", (await Json(api, "api/services/hello")).GetProperty("trend").EnumerateArray().Select(t => Percent(t.GetProperty("lines"))));
            Assert.AreEqual(expectedPoints, points, "one point per run, oldest first");
            Assert.AreEqual(2, points!.Split(' ').Length);
            await Screenshot(page, shots, "services.png");

            // A run: its state, commit and the service's total in it.
            await page.ClickAsync($"#runs tr[data-run='{second}'] a");
            await page.WaitForSelectorAsync("#run-services");
            StringAssert.Contains(await page.TextContentAsync("#run-state"), "sealed");
            Assert.AreEqual("bbbb222", await page.TextContentAsync("#run-commit"));
            var secondTotal = await Json(api, $"api/services/hello/total?scope=run:{second}");
            Assert.AreEqual($"{secondTotal.GetProperty("covered")}/{secondTotal.GetProperty("total")}", await page.TextContentAsync("#run-services tr[data-service=hello] td.lines"));
            await Screenshot(page, shots, "run.png");

            // Its downloads are the report writers' formats, of this run's data.
            var cobertura = await Download(page, "#run-services tr[data-service=hello] a[data-format=cobertura]");
            StringAssert.Contains(Encoding.UTF8.GetString(cobertura), "<coverage ");
            StringAssert.Contains(Encoding.UTF8.GetString(cobertura), $"lines-covered=\"{secondTotal.GetProperty("covered")}\"");
            var lcov = Encoding.UTF8.GetString(await Download(page, "#run-services tr[data-service=hello] a[data-format=lcov]"));
            Assert.AreEqual(secondTotal.GetProperty("covered").GetInt32(), lcov.Split('\n').Where(l => l.StartsWith("LH:", StringComparison.Ordinal)).Sum(l => int.Parse(l.Substring(3))), "LCOV's covered lines");
            using (var zip = new ZipArchive(new MemoryStream(await Download(page, "#run-services tr[data-service=hello] a[data-format=html]"))))
            {
                Assert.IsNotNull(zip.GetEntry("index.html"), "the HTML report's index is in the zip: " + string.Join(", ", zip.Entries.Select(e => e.FullName)));
            }

            // The service in that run: modules and files, then a file's source with the run's counts.
            await page.ClickAsync("#run-services tr[data-service=hello] td a");
            await page.WaitForSelectorAsync("#coverage");
            Assert.AreEqual($"{secondTotal.GetProperty("covered")}/{secondTotal.GetProperty("total")}", await page.TextContentAsync("#total-lines"));
            await Screenshot(page, shots, "service.png");
            var routesFile = (await Json(api, $"api/services/hello?scope=run:{second}")).GetProperty("files").EnumerateArray()
                .Select(f => f.GetProperty("path").GetString()!).Single(p => p.EndsWith("HelloRoutes.cs", StringComparison.Ordinal));
            await page.ClickAsync($"tr.file[data-name=\"{routesFile}\"] a");
            await page.WaitForSelectorAsync("#source");
            var expectedCounts = (await Json(api, $"api/services/hello/file?scope=run:{second}&path={Uri.EscapeDataString(routesFile)}")).GetProperty("counts").EnumerateArray()
                .Select(c => $"L{c.GetProperty("line")}={c.GetProperty("count")}").ToArray();
            var shown = await page.EvalOnSelectorAllAsync<string[]>("#source tr[data-count]", "rows => rows.map(r => r.id + '=' + r.querySelector('td.c').textContent)");
            CollectionAssert.AreEqual(expectedCounts, shown);
            Assert.AreEqual(File.ReadAllLines(routesFile).Length, await page.EvalOnSelectorAllAsync<int>("#source tr", "rows => rows.length"), "the whole source is shown");
            await Screenshot(page, shots, "file.png");

            // The comparison: run 2 newly covers HelloPath's lines and no longer covers HelloQuery's.
            await page.GotoAsync(new Uri(center.Address, $"diff?service=hello&from=run:{first}&to=run:{second}").AbsoluteUri);
            var diff = await Json(api, $"api/diff?service=hello&from=run:{first}&to=run:{second}");
            string[] Lines(string name) => diff.GetProperty(name).EnumerateArray().Select(l => $"{l.GetProperty("file").GetString()}:{l.GetProperty("line")}").ToArray();
            CollectionAssert.AreEqual(Lines("newlyCovered"), await page.EvalOnSelectorAllAsync<string[]>("#newly tbody tr", "rows => rows.map(r => r.dataset.line)"));
            CollectionAssert.AreEqual(Lines("noLongerCovered"), await page.EvalOnSelectorAllAsync<string[]>("#lost tbody tr", "rows => rows.map(r => r.dataset.line)"));
            Assert.IsTrue(Lines("newlyCovered").Length > 0 && Lines("noLongerCovered").Length > 0, "each run covered lines the other did not: " + diff);
            await Screenshot(page, shots, "diff.png");

            // Targets: live, and the token never shown.
            await page.GotoAsync(new Uri(center.Address, "targets").AbsoluteUri);
            StringAssert.Contains(await page.TextContentAsync($"#targets tr[data-url='{service.CoverAddress}']"), "live");
            Assert.IsFalse((await page.ContentAsync()).Contains(service.Token, StringComparison.Ordinal), "no page shows a target's token");
            await Screenshot(page, shots, "targets.png");
            Assert.AreEqual(0, failed, "nothing failed to load");
        }

        private static async Task<long> Run(HttpClient api, string name, string commit, Action traffic)
        {
            using var started = await api.PostAsync("api/runs", new StringContent(JsonSerializer.Serialize(new { name, commit, services = new[] { "hello" } }), Encoding.UTF8, "application/json"));
            Assert.AreEqual(201, (int)started.StatusCode, await started.Content.ReadAsStringAsync());
            var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            traffic();
            using var ended = await api.PostAsync($"api/runs/{id}/end", null);
            Assert.AreEqual(200, (int)ended.StatusCode, await ended.Content.ReadAsStringAsync());
            return id;
        }

        private static async Task<JsonElement> Json(HttpClient api, string path)
        {
            var text = await api.GetStringAsync(path);
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        private static string Percent(JsonElement lines) =>
            CoverWeaver.Reports.Percent.Format(new CoverWeaver.Reports.Figure(lines.GetProperty("covered").GetInt32(), lines.GetProperty("total").GetInt32()));

        private static async Task<byte[]> Download(IPage page, string selector)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(selector));
            var path = await download.PathAsync();
            return File.ReadAllBytes(path!);
        }

        private async Task Screenshot(IPage page, string folder, string name)
        {
            var path = Path.Combine(folder, name);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            TestContext.AddResultFile(path);
            TestContext.WriteLine("screenshot: " + path);
        }
    }
}
