extern alias runtime;

using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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
    /// Where targets come from (a file read again when it changes, the API) and what a redeploy
    /// does: a service whose assembly comes back with another build starts new data, and a run
    /// that saw both shows both.
    /// </summary>
    [TestClass]
    public sealed class CenterTargetsAndBuildsTests
    {
        [TestMethod]
        public async Task TheTargetsFileIsReadAgainWhenItChangesAndABrokenOneKeepsTheLastGoodList()
        {
            using var temp = new TempDirectory();
            var file = temp.Combine("targets.json");
            File.WriteAllText(file, "[{\"service\": \"a\", \"targets\": [\"http://127.0.0.1:1\"]}]");
            await using var center = await CenterHost.StartAsync(new CenterOptions { Port = 0, Database = temp.Combine("c.db"), TargetsFile = file, Interval = TimeSpan.FromHours(1) }, _ => { });
            using var client = new HttpClient { BaseAddress = center.Address };

            CollectionAssert.AreEqual(new[] { "a http://127.0.0.1:1 lost" }, await Targets(client));
            File.WriteAllText(file, "[{\"service\": \"b\", \"targets\": [\"http://127.0.0.1:2\", {\"url\": \"http://127.0.0.1:3/\", \"token\": \"t\"}]}]");
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
            CollectionAssert.AreEqual(new[] { "b http://127.0.0.1:2 lost", "b http://127.0.0.1:3 lost" }, await Targets(client), "the new file's targets, URLs without the trailing slash");

            File.WriteAllText(file, "[{\"service\": \"b\", \"targets\": [\"ftp://nope\"]}]");
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(10));
            CollectionAssert.AreEqual(new[] { "b http://127.0.0.1:2 lost", "b http://127.0.0.1:3 lost" }, await Targets(client), "a broken file keeps the last good list");
            var problem = JsonDocument.Parse(await client.GetStringAsync("api/status")).RootElement.GetProperty("targetsFileProblem").GetString();
            StringAssert.Contains(problem, "ftp://nope");
            StringAssert.Contains(await client.GetStringAsync("targets"), "ftp://nope", "the targets page says what is wrong");
        }

        [TestMethod]
        public void ACenterDoesNotStartOnABrokenTargetsFileAndSaysWhy()
        {
            using var temp = new TempDirectory();
            var file = temp.Combine("targets.json");
            File.WriteAllText(file, "[{\"service\": \"a b\", \"targets\": []}]");
            var result = CoverWeaverTool.Run("center", "--port", "0", "--db", temp.Combine("c.db"), "--targets", file);
            Assert.AreEqual(1, result.ExitCode, result.ToString());
            StringAssert.Contains(result.Error, file);
            StringAssert.Contains(result.Error, "not a service name");
        }

        [TestMethod]
        public void ACenterWhoseStoreCannotBeOpenedSaysWhichAndExits()
        {
            using var temp = new TempDirectory();
            var postgres = CoverWeaverTool.Run("center", "--port", "0", "--db", "Host=127.0.0.1;Port=1;Database=none;Username=nobody;Password=x;Timeout=3");
            Assert.AreEqual(1, postgres.ExitCode, postgres.ToString());
            StringAssert.Contains(postgres.Error, "Cannot open PostgreSQL 127.0.0.1:1/none as nobody: ", "the message names the server it could not reach");

            File.WriteAllText(temp.Combine("not-a-db"), "this is not SQLite, it only has the name of the file");
            var sqlite = CoverWeaverTool.Run("center", "--port", "0", "--db", temp.Combine("not-a-db"));
            Assert.AreEqual(1, sqlite.ExitCode, sqlite.ToString());
            StringAssert.Contains(sqlite.Error, "Cannot open SQLite " + temp.Combine("not-a-db") + ": ", sqlite.ToString());
        }

        [TestMethod]
        public async Task ATargetRegisteredOverTheApiIsPulled()
        {
            using var temp = new TempDirectory();
            using var service = HelloServiceProcess.Start(temp.Combine("data"));
            await using var center = await CenterHost.StartAsync(new CenterOptions { Port = 0, Database = temp.Combine("c.db"), Interval = TimeSpan.FromHours(1) }, _ => { });
            using var client = new HttpClient { BaseAddress = center.Address };
            using var registration = new StringContent(JsonSerializer.Serialize(new { service = "hello", url = service.CoverAddress, token = service.Token }), Encoding.UTF8, "application/json");
            using (var registered = await client.PostAsync("api/targets", registration))
            {
                Assert.AreEqual(201, (int)registered.StatusCode, await registered.Content.ReadAsStringAsync());
            }

            var mix = Mix(("HelloPath", 3));
            Send(service.Client, mix);
            CollectionAssert.AreEqual(new[] { $"hello {service.CoverAddress} live" }, await Targets(client));
            var rows = SnapshotRows.Analyse(await client.GetByteArrayAsync("api/services/hello/report?format=export&scope=live"), Level.Line)[Routes];
            var expected = Expected(1, mix);
            Assert.IsTrue(rows.All(r => r.Calls == expected[r.Function!]), string.Join("; ", SnapshotRows.Describe(rows)));
        }

        [TestMethod]
        public async Task ARedeployedServiceStartsNewDataAndTheRunShowsBothBuilds()
        {
            using var temp = new TempDirectory();
            await using var center = await CenterHost.StartAsync(new CenterOptions { Port = 0, Database = temp.Combine("c.db"), Interval = TimeSpan.FromHours(1) }, _ => { });
            using var client = new HttpClient { BaseAddress = center.Address };
            var old = SyntheticCoverage.Table("Shop", "Shop.Cart", CountingMode.Count);
            var redeployed = SyntheticCoverage.OtherBuild(old);
            using (var start = new StringContent("{\"name\": \"deploy\", \"services\": [\"shop\"]}", Encoding.UTF8, "application/json"))
            {
                Assert.AreEqual(201, (int)(await client.PostAsync("api/runs", start)).StatusCode);
            }

            await Deliver(client, old, 1, 4, 2);
            await Deliver(client, redeployed, 2, 1, 0);
            await Deliver(client, old, 3, 1, 1);
            using (var end = await client.PostAsync("api/runs/1/end", null))
            {
                Assert.AreEqual(200, (int)end.StatusCode);
            }

            var builds = JsonDocument.Parse(await client.GetStringAsync("api/runs/1")).RootElement.GetProperty("services")[0].GetProperty("builds").EnumerateArray()
                .Select(b => $"{b.GetProperty("build").GetString()} {b.GetProperty("lines").GetProperty("covered")}/{b.GetProperty("lines").GetProperty("total")}").ToList();
            CollectionAssert.AreEqual(new[] { $"{old.BuildId:x16} 2/2", $"{redeployed.BuildId:x16} 1/2" }, builds, "both builds, each with its own lines");

            var newest = CoverageFile.Decode(await client.GetByteArrayAsync("api/services/shop/report?format=export&scope=run:1"), "run").Single();
            Assert.AreEqual(redeployed.BuildId, newest.Assembly.BuildId, "the run's report is of the newest build unless asked");
            CollectionAssert.AreEqual(new long[] { 1, 0 }, newest.Counts, "the new build's data alone");
            var earlier = CoverageFile.Decode(await client.GetByteArrayAsync($"api/services/shop/report?format=export&scope=run:1&build={old.BuildId:x16}"), "run").Single();
            CollectionAssert.AreEqual(new long[] { 5, 3 }, earlier.Counts, "the old build's data, both of its batches");
        }

        /// <summary>
        /// A redeploy that changed one module of two, with tables written before clause
        /// fingerprints: the unchanged module's counts (equal module fingerprint: the same lines
        /// and IL) carry over to the new build, the changed one's do not; <c>carry=false</c> shows
        /// the new build's own counts.
        /// </summary>
        [TestMethod]
        public async Task WithoutClauseFingerprintsCountsOfAModuleWhoseCodeDidNotChangeCarryOverToTheNewBuild()
        {
            using var temp = new TempDirectory();
            await using var center = await CenterHost.StartAsync(new CenterOptions { Port = 0, Database = temp.Combine("c.db"), Interval = TimeSpan.FromHours(1) }, _ => { });
            using var client = new HttpClient { BaseAddress = center.Address };
            var old = TwoModules(buildId: 1, changedFingerprint: 100, changedLines: 1);
            // The changed module has a line more, so the unchanged one starts at another slot.
            var redeployed = TwoModules(buildId: 2, changedFingerprint: 200, changedLines: 2);

            await DeliverCounts(client, old, 1, new long[] { 3, 1, 7 });
            await DeliverCounts(client, redeployed, 2, new long[] { 2, 0, 0, 1 });
            var carried = CoverageFile.Decode(await client.GetByteArrayAsync("api/services/shop/report?format=export&scope=live"), "live").ToDictionary(s => s.Module.Name, s => s.Counts);
            CollectionAssert.AreEqual(new long[] { 2, 0 }, carried["Shop.Changed"], "the changed module: its new build's counts alone");
            CollectionAssert.AreEqual(new long[] { 0 + 1, 1 + 7 }, carried["Shop.Same"], "the unchanged module: both builds' counts");
            var own = CoverageFile.Decode(await client.GetByteArrayAsync("api/services/shop/report?format=export&scope=live&carry=false"), "live").ToDictionary(s => s.Module.Name, s => s.Counts);
            CollectionAssert.AreEqual(new long[] { 0, 1 }, own["Shop.Same"], "without carrying, the new build's own counts");
            var service = JsonDocument.Parse(await client.GetStringAsync("api/services/shop?scope=live")).RootElement;
            CollectionAssert.AreEqual(new[] { $"Shop.Same Keep/1#1 {1:x16}" }, Carried(service));
            StringAssert.Contains(await client.GetStringAsync("services/shop?scope=live"), "carried over from older builds", "the service page says so");
        }

        /// <summary>An assembly of two modules: "Shop.Changed" (its lines and fingerprint given) first, then "Shop.Same", always the same code.</summary>
        private static AssemblyProbeTable TwoModules(ulong buildId, ulong changedFingerprint, int changedLines)
        {
            var table = new AssemblyProbeTable { AssemblyName = "Shop", BuildId = buildId, Mode = CountingMode.Count, SlotCount = changedLines + 2 };
            table.Documents.Add("/src/Shop.cs");
            var changed = new ModuleProbes { Name = "Shop.Changed", Fingerprint = changedFingerprint, FirstSlot = 0, SlotCount = changedLines };
            var clause = new ClauseProbes { Function = "Run", Arity = 0, Clause = 1, EntrySlot = 0 };
            for (var i = 0; i < changedLines; i++)
            {
                clause.Lines.Add(new LineProbe(0, 10 + i, i));
            }

            changed.Clauses.Add(clause);
            var same = new ModuleProbes { Name = "Shop.Same", Fingerprint = 42, FirstSlot = changedLines, SlotCount = 2 };
            var sameClause = new ClauseProbes { Function = "Keep", Arity = 1, Clause = 1, EntrySlot = changedLines };
            sameClause.Lines.Add(new LineProbe(0, 30, changedLines));
            sameClause.Lines.Add(new LineProbe(0, 31, changedLines + 1));
            same.Clauses.Add(sameClause);
            table.Modules.Add(changed);
            table.Modules.Add(same);
            return table;
        }

        /// <summary>The service answer's carried methods as "module method build".</summary>
        internal static string[] Carried(JsonElement service) =>
            service.GetProperty("carried").EnumerateArray().Select(c => $"{c.GetProperty("module").GetString()} {c.GetProperty("method").GetString()} {c.GetProperty("fromBuild").GetString()}").ToArray();

        /// <summary>Delivers a pull of service "shop" with each slot's count of <paramref name="table"/>.</summary>
        internal static async Task DeliverCounts(HttpClient client, AssemblyProbeTable table, long sequence, long[] slots)
        {
            var snapshots = table.Modules.Select(m => new ModuleSnapshot(table, m, slots.Skip(m.FirstSlot).Take(m.SlotCount).ToArray()));
            var batch = new Batch(BatchKind.Pull, "shop", "test-gateway", sequence, DateTimeOffset.UtcNow, CoverageFile.Encode(snapshots));
            using var content = new ByteArrayContent(BatchCodec.Encode(batch));
            content.Headers.ContentType = new MediaTypeHeaderValue(BatchCodec.ContentType);
            using var response = await client.PostAsync("api/batches", content);
            Assert.AreEqual(200, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        private static Task Deliver(HttpClient client, AssemblyProbeTable table, long sequence, long entry, long second) =>
            DeliverCounts(client, table, sequence, new[] { entry, second });

        /// <summary>Pulls now, then lists every target as "service url state".</summary>
        private static async Task<string[]> Targets(HttpClient client)
        {
            using var pulled = await client.PostAsync("api/pull", null);
            Assert.AreEqual(200, (int)pulled.StatusCode, await pulled.Content.ReadAsStringAsync());
            return JsonDocument.Parse(await pulled.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
                .Select(t => $"{t.GetProperty("service").GetString()} {t.GetProperty("url").GetString()} {t.GetProperty("state").GetString()}").ToArray();
        }
    }
}
