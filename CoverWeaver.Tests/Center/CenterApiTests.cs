extern alias runtime;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Center;
using CoverWeaver.Center.Ingest;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;
using static CoverWeaver.Tests.Support.HelloTraffic;

namespace CoverWeaver.Tests.Center
{
    /// <summary>
    /// The center's API as a client meets it: who may write, what bad input gets (a 4xx naming
    /// the problem, and a center that carries on), and deliveries taken once however often they
    /// arrive: a gateway's batch sent again, a push repeated, a process pushing its totals again and again.
    /// </summary>
    [TestClass]
    public sealed class CenterApiTests
    {
        private const string Token = "center-s3cret";

        [TestMethod]
        public async Task WritesNeedTheTokenReadsDoNotAndTargetTokensAreNeverShown()
        {
            using var temp = new TempDirectory();
            await using var center = await Start(temp, Token);
            using var client = new HttpClient { BaseAddress = center.Address };

            Assert.AreEqual(401, await Status(client, Json(HttpMethod.Post, "api/runs", new { name = "r", services = new[] { "hello" } })), "a write without the token");
            Assert.AreEqual(401, await Status(client, Json(HttpMethod.Post, "api/runs", new { name = "r", services = new[] { "hello" } }, "wrong")), "a write with another token");
            Assert.AreEqual(201, await Status(client, Json(HttpMethod.Post, "api/runs", new { name = "r", services = new[] { "hello" } }, Token)), "a write with the token");
            Assert.AreEqual(200, await Status(client, new HttpRequestMessage(HttpMethod.Get, "api/runs")), "reads need no token");
            Assert.AreEqual(200, await Status(client, new HttpRequestMessage(HttpMethod.Get, "runs")), "nor do pages");

            var crossSite = Json(HttpMethod.Post, "api/runs/1/end", new { }, Token);
            crossSite.Headers.Add("Origin", "http://evil.example");
            Assert.AreEqual(403, await Status(client, crossSite), "a write from another site's page, even with the token");

            using (var registered = await client.SendAsync(Json(HttpMethod.Post, "api/targets", new { service = "hello", url = "http://127.0.0.1:1", token = "target-s3cret" }, Token)))
            {
                Assert.AreEqual(201, (int)registered.StatusCode);
                Assert.IsFalse((await registered.Content.ReadAsStringAsync()).Contains("target-s3cret", StringComparison.Ordinal), "the registration's answer");
            }

            foreach (var path in new[] { "api/targets", "targets", "api/status", "api/services", "/" })
            {
                Assert.AreEqual(200, await Status(client, Json(HttpMethod.Post, "api/pull", new { }, Token)), "a pull, so the target has a state to show");
                var text = await client.GetStringAsync(path);
                Assert.IsFalse(text.Contains("target-s3cret", StringComparison.Ordinal), $"{path} shows a target's token");
            }

            var targets = JsonDocument.Parse(await client.GetStringAsync("api/targets")).RootElement;
            Assert.IsTrue(targets.EnumerateArray().Single().GetProperty("hasToken").GetBoolean(), "an answer says a target has a token, not what it is");
        }

        [TestMethod]
        public async Task BadInputGetsA4xxNamingTheProblemAndTheCenterCarriesOn()
        {
            using var temp = new TempDirectory();
            await using var center = await Start(temp, token: null);
            using var client = new HttpClient { BaseAddress = center.Address };
            var table = SyntheticCoverage.Table("Shop", "Shop.Cart", CountingMode.Count);
            Assert.AreEqual(200, await Status(client, Push("api/push/shop", CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(table, 1, 1) }), null, null)));
            Assert.AreEqual(201, await Status(client, Json(HttpMethod.Post, "api/runs", new { name = "busy", services = new[] { "shop" } })));

            var impostor = SyntheticCoverage.OtherBuild(table);
            impostor.BuildId = table.BuildId;
            var cases = new List<(string What, HttpRequestMessage Request, int Status, string Says)>
            {
                ("not JSON", Raw(HttpMethod.Post, "api/runs", "{name:", "application/json"), 400, "not valid JSON"),
                ("not JSON's type", Raw(HttpMethod.Post, "api/runs", "name=x", "application/x-www-form-urlencoded"), 415, "application/json"),
                ("an array", Raw(HttpMethod.Post, "api/runs", "[1]", "application/json"), 400, "JSON object"),
                ("no services", Json(HttpMethod.Post, "api/runs", new { name = "r" }), 400, "services"),
                ("a bad service name", Json(HttpMethod.Post, "api/runs", new { name = "r", services = new[] { "../etc" } }), 400, "not a service name"),
                ("a huge body", Raw(HttpMethod.Post, "api/runs", "{\"name\":\"" + new string('x', 70000) + "\"}", "application/json"), 413, "at most"),
                ("a service already in a run", Json(HttpMethod.Post, "api/runs", new { name = "again", services = new[] { "shop" } }), 409, "has not ended"),
                ("no such run", Json(HttpMethod.Post, "api/runs/999/end", new { }), 404, "no run 999"),
                ("a bad target URL", Json(HttpMethod.Post, "api/targets", new { service = "shop", url = "ftp://x" }), 400, "base URL"),
                ("a target token with spaces", Json(HttpMethod.Post, "api/targets", new { service = "shop", url = "http://127.0.0.1:2", token = "a b" }), 400, "no spaces"),
                ("a bad scope", new HttpRequestMessage(HttpMethod.Get, "api/services/shop/total?scope=yesterday"), 400, "scope"),
                ("an unknown service", new HttpRequestMessage(HttpMethod.Get, "api/services/nobody/total"), 404, "No service 'nobody'"),
                ("an unknown format", new HttpRequestMessage(HttpMethod.Get, "api/services/shop/report?format=pdf"), 400, "cobertura"),
                ("a damaged batch", Raw(HttpMethod.Post, "api/batches", "coverweaver-batch 1\n{}\n", BatchCodec.ContentType), 400, "no kind"),
                ("a push that is not coverage", Push("api/push/shop", Encoding.UTF8.GetBytes("<html>hello</html>"), "p1", "1"), 400, "export format"),
                ("a Coveralls job with a bad count", Raw(HttpMethod.Post, "api/push/shop", "{\"source_files\": [{\"name\": \"a.cs\", \"coverage\": [1, \"x\"]}]}", "application/json"), 400, "neither null nor a count"),
                ("JSON that is no Coveralls job", Raw(HttpMethod.Post, "api/push/shop", "{\"files\": []}", "application/json"), 400, "source_files"),
                ("a bad push sequence", Push("api/push/shop", CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(table, 1, 1) }), "p1", "-3"), 400, "whole number"),
                ("another build under the same build id", Push("api/push/shop", CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(impostor, 1, 1) }), "p2", "1"), 400, "another build"),
                ("an unknown route", new HttpRequestMessage(HttpMethod.Get, "api/nothing"), 404, "No such API route"),
            };
            foreach (var (what, request, status, says) in cases)
            {
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.AreEqual(status, (int)response.StatusCode, $"{what}: {text}");
                StringAssert.Contains(JsonDocument.Parse(text).RootElement.GetProperty("error").GetString(), says, what);
            }

            // None of it changed anything or stopped anything: the run is open, the data is the one good push.
            Assert.AreEqual(200, await Status(client, new HttpRequestMessage(HttpMethod.Get, "api/status")));
            var live = CoverageFile.Decode(await client.GetByteArrayAsync("api/services/shop/report?format=export&scope=live"), "live").Single();
            CollectionAssert.AreEqual(new long[] { 1, 1 }, live.Counts);
            Assert.AreEqual("open", JsonDocument.Parse(await client.GetStringAsync("api/runs/1")).RootElement.GetProperty("run").GetProperty("state").GetString());
        }

        [TestMethod]
        public async Task ABatchOrPushArrivingTwiceCountsOnceAndPushesAddOnlyTheirGrowth()
        {
            using var temp = new TempDirectory();
            await using var center = await Start(temp, token: null);
            using var client = new HttpClient { BaseAddress = center.Address };
            var table = SyntheticCoverage.Table("Shop", "Shop.Cart", CountingMode.Count);
            byte[] Totals(long entry, long second) => CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(table, entry, second) });

            async Task<bool> Duplicate(HttpRequestMessage request)
            {
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.AreEqual(200, (int)response.StatusCode, text);
                return JsonDocument.Parse(text).RootElement.GetProperty("duplicate").GetBoolean();
            }

            // A gateway's batch sent again (its acknowledgement was lost) is taken once.
            var batch = BatchCodec.Encode(new Batch(BatchKind.Pull, "shop", "gateway-1:http://127.0.0.1:9", 1, DateTimeOffset.UtcNow, Totals(2, 1)));
            Assert.IsFalse(await Duplicate(Raw(HttpMethod.Post, "api/batches", batch, BatchCodec.ContentType)));
            Assert.IsTrue(await Duplicate(Raw(HttpMethod.Post, "api/batches", batch, BatchCodec.ContentType)), "the same batch again");

            // A process's pushes carry its totals: a repeat adds nothing, a later push only what grew, an overtaken one nothing.
            Assert.IsFalse(await Duplicate(Push("api/push/shop", Totals(3, 1), "proc-a", "10")));
            Assert.IsTrue(await Duplicate(Push("api/push/shop", Totals(3, 1), "proc-a", "10")), "the same push again");
            Assert.IsFalse(await Duplicate(Push("api/push/shop", Totals(5, 1), "proc-a", "20")));
            Assert.IsTrue(await Duplicate(Push("api/push/shop", Totals(4, 1), "proc-a", "15")), "a push overtaken by a later one");

            // A pusher from before push ids: one source per service, its repeated totals add nothing.
            Assert.IsFalse(await Duplicate(Push("api/push/shop", Totals(4, 4), null, null)));
            Assert.IsFalse(await Duplicate(Push("api/push/shop", Totals(4, 4), null, null)));

            var live = CoverageFile.Decode(await client.GetByteArrayAsync("api/services/shop/report?format=export&scope=live"), "live").Single();
            CollectionAssert.AreEqual(new long[] { 2 + 5 + 4, 1 + 1 + 4 }, live.Counts, "the batch once, proc-a's totals, the old pusher's totals");
        }

        /// <summary>A real woven process pushing its totals every 200 ms (COVERWEAVER_PUSH_URL): every request counted once.</summary>
        [TestMethod]
        public async Task AProcessPushingItsTotalsOverAndOverIsCountedOnce()
        {
            using var temp = new TempDirectory();
            await using var center = await Start(temp, token: null);
            using var client = new HttpClient { BaseAddress = center.Address };
            using var service = HelloServiceProcess.Start(temp.Combine("data"), new Dictionary<string, string>
            {
                ["COVERWEAVER_PUSH_URL"] = new Uri(center.Address, "api/push/hello").AbsoluteUri,
                ["COVERWEAVER_PUSH_INTERVAL"] = "0.2",
            });
            var mix = Mix(("HelloQuery", 5), ("Upload", 2), ("HelloBody", 1));
            Send(service.Client, mix);
            var expected = Expected(1, mix);
            List<CoverRow> Rows()
            {
                // Until the first push arrives the center does not know the service (404).
                using var response = client.GetAsync("api/services/hello/report?format=export&scope=live").GetAwaiter().GetResult();
                return response.IsSuccessStatusCode
                    ? SnapshotRows.Analyse(response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult(), Level.Line)[Routes]
                    : new List<CoverRow>();
            }

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Rows() is var rows && (rows.Count == 0 || !rows.All(r => r.Calls == expected[r.Function!])))
            {
                Assert.IsTrue(DateTime.UtcNow < deadline, "the pushes did not bring the requests: " + string.Join("; ", SnapshotRows.Describe(rows)) + "\n" + service.Output);
                Thread.Sleep(100);
            }

            // Many more pushes of the same totals later, still the same counts.
            Thread.Sleep(1000);
            var wrong = Rows().Where(r => r.Calls != expected[r.Function!]).Select(r => $"{r.Function} line {r.Line}: {r.Calls}").ToList();
            Assert.AreEqual(0, wrong.Count, string.Join("; ", wrong));
        }

        /// <summary>
        /// A real woven process pushing Coveralls jobs (COVERWEAVER_PUSH_FORMAT=coveralls): each file
        /// a module of the "coveralls" assembly, each line's count the process's own LCOV says.
        /// </summary>
        [TestMethod]
        public async Task AProcessPushingCoverallsJobsIsCountedOnce()
        {
            using var temp = new TempDirectory();
            await using var center = await Start(temp, token: null);
            using var client = new HttpClient { BaseAddress = center.Address };
            using var service = HelloServiceProcess.Start(temp.Combine("data"), new Dictionary<string, string>
            {
                ["COVERWEAVER_PUSH_URL"] = new Uri(center.Address, "api/push/hello").AbsoluteUri,
                ["COVERWEAVER_PUSH_FORMAT"] = "coveralls",
                ["COVERWEAVER_PUSH_INTERVAL"] = "0.2",
            });
            Send(service.Client, Mix(("HelloPath", 4), ("Welcome", 1)));

            // The process's own line counts of HelloRoutes.cs, as its LCOV gives them.
            var lcov = LcovRecords.Parse(service.CoverGet("/lcov").Text).Single(r => r.File.EndsWith("HelloRoutes.cs", StringComparison.Ordinal));
            var expected = lcov.Lines.OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}").ToArray();
            string[] Shown()
            {
                using var response = client.GetAsync("api/services/hello?scope=live").GetAwaiter().GetResult();
                if (!response.IsSuccessStatusCode)
                {
                    return Array.Empty<string>();
                }

                var path = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.GetProperty("files").EnumerateArray()
                    .Select(f => f.GetProperty("path").GetString()!).SingleOrDefault(p => p.EndsWith("HelloRoutes.cs", StringComparison.Ordinal));
                return path == null
                    ? Array.Empty<string>()
                    : JsonDocument.Parse(client.GetStringAsync($"api/services/hello/file?scope=live&path={Uri.EscapeDataString(path)}").GetAwaiter().GetResult()).RootElement
                        .GetProperty("counts").EnumerateArray().Select(c => $"{c.GetProperty("line")}={c.GetProperty("count")}").ToArray();
            }

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!Shown().SequenceEqual(expected))
            {
                Assert.IsTrue(DateTime.UtcNow < deadline, $"the pushes did not bring the counts: {string.Join(" ", Shown())}, expected {string.Join(" ", expected)}");
                Thread.Sleep(100);
            }

            Thread.Sleep(1000);
            CollectionAssert.AreEqual(expected, Shown(), "many pushes of the same totals later, still the same counts");
            var services = JsonDocument.Parse(await client.GetStringAsync("api/services/hello?scope=live")).RootElement;
            Assert.AreEqual("coveralls", services.GetProperty("assemblies")[0].GetProperty("name").GetString());
        }

        private static Task<CenterHost> Start(TempDirectory temp, string? token) =>
            CenterHost.StartAsync(new CenterOptions { Port = 0, Database = temp.Combine("center.db"), Token = token, Interval = TimeSpan.FromHours(1) }, _ => { });

        private static async Task<int> Status(HttpClient client, HttpRequestMessage request)
        {
            using (request)
            using (var response = await client.SendAsync(request))
            {
                return (int)response.StatusCode;
            }
        }

        private static HttpRequestMessage Json(HttpMethod method, string path, object body, string? token = null)
        {
            var request = Raw(method, path, JsonSerializer.Serialize(body), "application/json");
            if (token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return request;
        }

        private static HttpRequestMessage Raw(HttpMethod method, string path, string body, string type) => Raw(method, path, Encoding.UTF8.GetBytes(body), type);

        private static HttpRequestMessage Raw(HttpMethod method, string path, byte[] body, string type)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            return new HttpRequestMessage(method, path) { Content = content };
        }

        private static HttpRequestMessage Push(string path, byte[] body, string? source, string? sequence)
        {
            var request = Raw(HttpMethod.Post, path, body, "application/vnd.coverweaver.coverage");
            if (source != null)
            {
                request.Headers.Add("CoverWeaver-Push-Source", source);
            }

            if (sequence != null)
            {
                request.Headers.Add("CoverWeaver-Push-Sequence", sequence);
            }

            return request;
        }
    }
}
