using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using CoverWeaver.Data;
using CoverWeaver.Runtime;
using CoverWeaver.Server;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Server
{
    /// <summary>Every route's content, checked against what the public analysis says at the same moment.</summary>
    [TestClass]
    public sealed class RouteTests
    {
        private const string Token = "route-tests-secret";

        [TestMethod]
        public void HealthNamesTheProcessAndCountsItsModules()
        {
            using var server = CoverServer.Start("127.0.0.1:0");
            var response = RawHttp.Get(server.Port, "/health");

            Assert.AreEqual(200, response.Status, response.ToString());
            Assert.AreEqual("application/json", response.ContentType);
            using var json = JsonDocument.Parse(response.Body);
            Assert.AreEqual("ok", json.RootElement.GetProperty("status").GetString());
            Assert.AreEqual(Environment.ProcessId, json.RootElement.GetProperty("pid").GetInt32());
            Assert.AreEqual(Cover.Modules().Count, json.RootElement.GetProperty("modules").GetInt32());
        }

        [TestMethod]
        public void SummaryCountsDistinctSourceLinesOfEveryModuleWithTotals()
        {
            Concurrency.Spin(5);
            using var server = CoverServer.Start("127.0.0.1:0");
            var response = RawHttp.Get(server.Port, "/summary");
            var modules = Cover.Analyse(Analysis.Calls, Level.Module);
            var lines = Cover.Analyse(Analysis.Calls, Level.Line);

            Assert.AreEqual(200, response.Status, response.ToString());
            Assert.AreEqual("application/json", response.ContentType);
            using var json = JsonDocument.Parse(response.Body);
            var actual = json.RootElement.GetProperty("modules").EnumerateArray()
                .Select(m => $"{m.GetProperty("module").GetString()} ({m.GetProperty("assembly").GetString()}) {m.GetProperty("covered").GetInt32()}/{m.GetProperty("notCovered").GetInt32()} {m.GetProperty("calls").GetInt64()}")
                .ToList();

            // Each module's figure is its distinct executable lines, as the line analysis lists them,
            // not Erlang's module analysis, which counts a line shared by two methods in each.
            var expected = modules.Select(m =>
            {
                var own = lines.Where(l => l.Module == m.Module && l.Assembly == m.Assembly).ToList();
                return $"{m.Module} ({m.Assembly}) {own.Count(l => l.Calls > 0)}/{own.Count(l => l.Calls == 0)} {m.Calls}";
            }).ToList();
            CollectionAssert.AreEqual(expected, actual);

            var distinct = lines.GroupBy(l => (l.File, l.Line)).Select(g => g.Any(l => l.Calls > 0)).ToList();
            Assert.AreEqual(distinct.Count(ran => ran), json.RootElement.GetProperty("covered").GetInt32());
            Assert.AreEqual(distinct.Count(ran => !ran), json.RootElement.GetProperty("notCovered").GetInt32());
            Assert.AreEqual(modules.Sum(r => r.Calls), json.RootElement.GetProperty("calls").GetInt64());
            Assert.IsTrue(lines.Any(r => r.Module == ConcurrencyName && r.Calls > 0), "Spin ran, so the summary has something covered");
        }

        [TestMethod]
        public void GetSnapshotIsTheExportFormatAndLeavesTheCounts()
        {
            Concurrency.Spin(7);
            using var server = CoverServer.Start("127.0.0.1:0");
            var before = Cover.Analyse(Analysis.Calls, Level.Line);
            var response = RawHttp.Get(server.Port, "/snapshot");

            Assert.AreEqual(200, response.Status, response.ToString());
            Assert.AreEqual("application/vnd.coverweaver.coverage", response.ContentType);
            CollectionAssert.AreEqual(Snapshots.Encode(reset: false), response.Body, "exactly what Cover.Export writes");
            var fromSnapshot = SnapshotRows.Analyse(response.Body, Level.Line);
            CollectionAssert.AreEqual(Cover.Modules().ToList(), fromSnapshot.Keys.ToList());
            CollectionAssert.AreEqual(SnapshotRows.Describe(before), SnapshotRows.Describe(fromSnapshot.Values.SelectMany(rows => rows)));
            CollectionAssert.AreEqual(SnapshotRows.Describe(before), SnapshotRows.Describe(Cover.Analyse(Analysis.Calls, Level.Line)), "a GET resets nothing");
        }

        [TestMethod]
        public void PostSnapshotWithResetTakesTheCountsAndZeroesThem()
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            var bodyLine = SourceMarkers.LineOf(ConcurrencySource, "total += i;");
            Cover.Reset();
            Concurrency.Spin(9);

            var response = RawHttp.Post(server.Port, "/snapshot?reset=true", Token);

            Assert.AreEqual(200, response.Status, response.ToString());
            Assert.AreEqual("application/vnd.coverweaver.coverage", response.ContentType);
            Assert.AreEqual(9, SnapshotRows.LineCalls(response.Body, ConcurrencyName, bodyLine));
            Assert.IsTrue(Cover.Analyse(Analysis.Calls, Level.Line).All(r => r.Calls == 0), "every counter restarted from zero");
        }

        [TestMethod]
        public void PostSnapshotWithoutResetLeavesTheCounts()
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            var bodyLine = SourceMarkers.LineOf(ConcurrencySource, "total += i;");
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(4);

            foreach (var path in new[] { "/snapshot", "/snapshot?reset=false" })
            {
                var response = RawHttp.Post(server.Port, path, Token);
                Assert.AreEqual(200, response.Status, response.ToString());
                Assert.AreEqual(4, SnapshotRows.LineCalls(response.Body, ConcurrencyName, bodyLine), path);
            }

            Assert.AreEqual(4, LineCalls(ConcurrencyName)[bodyLine]);
        }

        [TestMethod]
        public void PostResetZeroesEveryCounterAndSaysNoContent()
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            Concurrency.Spin(3);

            var response = RawHttp.Post(server.Port, "/reset", Token);

            Assert.AreEqual(204, response.Status, response.ToString());
            Assert.AreEqual(0, response.Body.Length);
            Assert.IsFalse(response.Headers.ContainsKey("Content-Length"), "a 204 carries no length");
            Assert.IsTrue(Cover.Analyse(Analysis.Calls, Level.Line).All(r => r.Calls == 0));
        }

        [TestMethod]
        public void LcovHasTheLineAnalysisOfEverySourceFile()
        {
            Concurrency.Spin(4);
            using var server = CoverServer.Start("127.0.0.1:0");
            using var temp = new TempDirectory();
            var response = RawHttp.Get(server.Port, "/lcov");
            var written = File.ReadAllText(Cover.WriteLcov(temp.Combine("coverage.info")));

            Assert.AreEqual(200, response.Status, response.ToString());
            Assert.AreEqual("text/plain; charset=utf-8", response.ContentType);
            Assert.AreEqual(response.Text, written, "the route and Cover.WriteLcov write the same");
            var records = LcovRecords.Parse(response.Text);
            var expected = Cover.Analyse(Analysis.Calls, Level.Line)
                .GroupBy(r => (r.File!, r.Line))
                .ToDictionary(g => g.Key, g => g.Max(r => r.Calls));
            CollectionAssert.AreEquivalent(expected.ToList(), records.SelectMany(r => r.Lines.Select(l => KeyValuePair.Create((r.File, l.Key), l.Value))).ToList());
            Assert.AreEqual(records.Count, records.Select(r => r.File).Distinct().Count(), "one record per source file");
            foreach (var record in records)
            {
                Assert.AreEqual(record.Lines.Count, record.Summary["LF"], record.File);
                Assert.AreEqual(record.Lines.Count(l => l.Value > 0), record.Summary["LH"], record.File);
                Assert.AreEqual(record.Functions.Count, record.Summary["FNF"], record.File);
                Assert.AreEqual(record.Functions.Count(f => f.Value.Calls > 0), record.Summary["FNH"], record.File);
            }

            var concurrency = records.Single(r => Path.GetFileName(r.File) == "Concurrency.cs");
            var spin = concurrency.Functions[ConcurrencyName + ".Spin/1"];
            Assert.AreEqual(SourceMarkers.LineOf(ConcurrencySource, "long total = 0;"), spin.Line, "a method starts at its first executable line");
            Assert.AreEqual(ClauseCalls(ConcurrencyName)["Spin/1#1"], spin.Calls);
        }

        [TestMethod]
        public void BuildsNameEveryAssemblyWithItsModulesFingerprints()
        {
            using var server = CoverServer.Start("127.0.0.1:0");
            var response = RawHttp.Get(server.Port, "/builds");

            Assert.AreEqual(200, response.Status, response.ToString());
            Assert.AreEqual("application/json", response.ContentType);
            using var json = JsonDocument.Parse(response.Body);
            var builds = json.RootElement.EnumerateArray().ToList();
            var home = Registry.FindModule(ConcurrencyName)!.Value;
            var build = builds.Single(b => b.GetProperty("assembly").GetString() == home.Assembly.Table.AssemblyName);
            Assert.AreEqual(home.Assembly.Table.BuildId.ToString("x16"), build.GetProperty("buildId").GetString());
            Assert.AreEqual("count", build.GetProperty("mode").GetString());
            Assert.AreEqual(typeof(Fixtures.Woven.Concurrency).Assembly.ManifestModule.ModuleVersionId.ToString("D"), build.GetProperty("mvid").GetString(),
                "a loaded build names its module version id");
            var fingerprints = build.GetProperty("modules").EnumerateArray()
                .ToDictionary(m => m.GetProperty("module").GetString()!, m => m.GetProperty("fingerprint").GetString());
            Assert.AreEqual(home.Module.Fingerprint.ToString("x16"), fingerprints[ConcurrencyName]);
            var allModules = builds.SelectMany(b => b.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("module").GetString())).ToHashSet();
            Assert.IsTrue(Cover.Modules().All(allModules.Contains), "every module known here is in some build");
        }

        [TestMethod]
        [DataRow("/")]
        [DataRow("/nothing")]
        [DataRow("/health/")]
        [DataRow("/HEALTH")]
        public void AnUnknownPathIsNotFound(string path)
        {
            using var server = CoverServer.Start("127.0.0.1:0");
            Assert.AreEqual(404, RawHttp.Get(server.Port, path).Status);
        }

        [TestMethod]
        [DataRow("POST", "/health", "GET, HEAD")]
        [DataRow("POST", "/summary", "GET, HEAD")]
        [DataRow("PUT", "/lcov", "GET, HEAD")]
        [DataRow("DELETE", "/builds", "GET, HEAD")]
        [DataRow("GET", "/reset", "POST")]
        [DataRow("HEAD", "/reset", "POST")]
        [DataRow("DELETE", "/snapshot", "GET, HEAD, POST")]
        [DataRow("GET", "/snapshot?reset=true", "POST")]
        [DataRow("HEAD", "/snapshot?reset=true", "POST")]
        public void AWrongMethodIsNotAllowedAndSaysWhichAre(string method, string path, string allowed)
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            Concurrency.Spin(2);
            var before = LineCalls(ConcurrencyName);

            var response = RawHttp.Request(server.Port, method, path, Token);

            Assert.AreEqual(405, response.Status, response.ToString());
            Assert.AreEqual(allowed, response.Headers["Allow"]);
            CollectionAssert.AreEquivalent(before, LineCalls(ConcurrencyName), "nothing was reset");
        }

        [TestMethod]
        [DataRow("/health")]
        [DataRow("/summary")]
        [DataRow("/snapshot")]
        [DataRow("/snapshot?reset=false")]
        [DataRow("/lcov")]
        [DataRow("/builds")]
        public void HeadAnswersAsGetWithTheSameHeadersAndNoBody(string path)
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            Concurrency.Spin(3);

            var get = RawHttp.Get(server.Port, path, Token);
            var head = RawHttp.Head(server.Port, path, Token);

            Assert.AreEqual(200, get.Status, get.ToString());
            Assert.AreEqual(get.Status, head.Status, head.ToString());
            Assert.AreEqual(get.ContentType, head.ContentType);
            Assert.AreEqual(get.Body.Length.ToString(), head.Headers["Content-Length"], "the length of the body a GET gets");
            Assert.AreEqual(0, head.Body.Length, "HEAD carries no body");
        }

        [TestMethod]
        public void HeadIsRefusedAsGetIsAndWithoutABody()
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);

            var unauthorized = RawHttp.Head(server.Port, "/summary");
            var get = RawHttp.Get(server.Port, "/summary");

            Assert.AreEqual(401, unauthorized.Status, unauthorized.ToString());
            Assert.AreEqual(get.Headers["WWW-Authenticate"], unauthorized.Headers["WWW-Authenticate"]);
            Assert.AreEqual(get.Headers["Content-Length"], unauthorized.Headers["Content-Length"]);
            Assert.AreEqual(0, unauthorized.Body.Length);
            Assert.AreEqual(404, RawHttp.Head(server.Port, "/nothing", Token).Status);
        }

        [TestMethod]
        public void AResetThatIsNeitherTrueNorFalseIsABadRequest()
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            Assert.AreEqual(400, RawHttp.Post(server.Port, "/snapshot?reset=yes", Token).Status);
            Assert.AreEqual(400, RawHttp.Post(server.Port, "/snapshot?reset=%zz", Token).Status);
        }

        [TestMethod]
        public void AnOrdinaryHttpClientIsServed()
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}/") };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);

            var health = client.GetAsync("health").GetAwaiter().GetResult();
            var snapshot = client.PostAsync("snapshot?reset=false", null).GetAwaiter().GetResult();

            Assert.AreEqual(200, (int)health.StatusCode);
            Assert.AreEqual("ok", JsonDocument.Parse(health.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.GetProperty("status").GetString());
            Assert.AreEqual(200, (int)snapshot.StatusCode);
            Assert.IsTrue(CoverageFile.Decode(snapshot.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult(), "snapshot").Count > 0);
        }
    }
}
