using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.HelloTraffic;

namespace CoverWeaver.Tests.Center
{
    /// <summary>
    /// <c>coverweaver gateway</c> as its own process: it pulls a woven HelloService while no center
    /// is there, keeps the counts in its spool, and delivers every one of them once a center starts
    /// on the address it was given; nothing is lost and nothing counted twice.
    /// </summary>
    [TestClass]
    public sealed class GatewayTests
    {
        [TestMethod]
        public void CountsPulledWhileTheCenterIsDownAreDeliveredWhenItComesUp()
        {
            using var temp = new TempDirectory();
            using var service = HelloServiceProcess.Start(temp.Combine("data"));
            var targets = temp.Combine("targets.json");
            File.WriteAllText(targets, JsonSerializer.Serialize(new[] { new { service = "hello", token = service.Token, targets = new[] { service.CoverAddress } } }));
            var port = FreePort();
            var spool = temp.Combine("spool");
            using var gateway = CenterProcess.Gateway("--center", $"http://127.0.0.1:{port}", "--targets", targets, "--interval", "0.2", "--spool", spool);

            var mix = Mix(("HelloQuery", 4), ("Welcome", 1), ("HelloBody", 2));
            Send(service.Client, mix);
            WaitUntil(() => Directory.Exists(spool) && Directory.GetFiles(spool, "*.batch", SearchOption.AllDirectories).Length >= 2, "batches wait in the spool while no center answers");
            StringAssert.Contains(gateway.Output, $"127.0.0.1:{port}", "the gateway says where delivering failed");

            using var center = new CenterProcess("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", temp.Combine("center.db"));
            var more = Mix(("Upload", 2));
            Send(service.Client, more);
            WaitUntil(
                () => Rows(center).Where(r => r.Function == "Upload").All(r => r.Calls == 2) && Directory.GetFiles(spool, "*.batch", SearchOption.AllDirectories).Length == 0,
                "the spool is delivered and the later requests arrive");
            var rows = Rows(center);
            var wrong = rows.Where(r => r.Calls != Expected(1, mix, more)[r.Function!]).Select(r => $"{r.Function} line {r.Line}: {r.Calls}").ToList();
            Assert.AreEqual(0, wrong.Count, "every request counted once, the startup's Map once: " + string.Join("; ", wrong));
            Assert.AreEqual(0, gateway.Stop(), "SIGTERM stops the gateway cleanly:\n" + gateway.Output);
        }

        /// <summary>
        /// A run whose service only a gateway of its own pulls: the center asks the gateway to pull
        /// when the run starts and ends, so the run holds exactly the requests sent during it even
        /// though the gateway's own interval never comes round.
        /// </summary>
        [TestMethod]
        public void ARunEndedAtTheCenterGetsTheFinalPullOfARemoteGateway()
        {
            using var temp = new TempDirectory();
            using var service = HelloServiceProcess.Start(temp.Combine("data"));
            var targets = temp.Combine("targets.json");
            File.WriteAllText(targets, JsonSerializer.Serialize(new[] { new { service = "hello", token = service.Token, targets = new[] { service.CoverAddress } } }));
            using var center = new CenterProcess("--db", temp.Combine("center.db"));
            using var gateway = CenterProcess.Gateway("--center", center.Address!, "--targets", targets, "--interval", "3600", "--spool", temp.Combine("spool"));
            WaitUntil(() => center.Get("api/status").GetProperty("gateways").GetArrayLength() == 1, "the gateway polls the center");

            var before = Mix(("Welcome", 2));
            Send(service.Client, before);
            var run = center.Post("api/runs", new { name = "remote", services = new[] { "hello" } }, expected: 201).GetProperty("id").GetInt64();
            var during = Mix(("HelloQuery", 3), ("HelloBody", 1));
            Send(service.Client, during);
            var ended = center.Post($"api/runs/{run}/end", null);
            Assert.AreEqual(0, ended.GetProperty("silentGateways").GetArrayLength(), "the gateway pulled when asked: " + ended);

            var rows = SnapshotRows.Analyse(center.GetBytes($"api/services/hello/report?format=export&scope=run:{run}"), Level.Line)[Routes];
            var wrong = rows.Where(r => r.Calls != Expected(0, during)[r.Function!]).Select(r => $"{r.Function} line {r.Line}: {r.Calls}").ToList();
            Assert.AreEqual(0, wrong.Count, "the run has the requests sent during it, and only those: " + string.Join("; ", wrong) + "\n" + gateway.Output);
            var live = Rows(center);
            wrong = live.Where(r => r.Calls != Expected(1, before)[r.Function!]).Select(r => $"{r.Function} line {r.Line}: {r.Calls}").ToList();
            Assert.AreEqual(0, wrong.Count, "the live view has the startup and what came before the run: " + string.Join("; ", wrong));
        }

        private static System.Collections.Generic.List<CoverRow> Rows(CenterProcess center)
        {
            using var response = center.Client.GetAsync("api/services/hello/report?format=export&scope=live").GetAwaiter().GetResult();
            return response.IsSuccessStatusCode
                ? SnapshotRows.Analyse(response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult(), Level.Line)[Routes]
                : new System.Collections.Generic.List<CoverRow>();
        }

        private static void WaitUntil(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail("Timed out waiting: " + what);
                }

                Thread.Sleep(100);
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
