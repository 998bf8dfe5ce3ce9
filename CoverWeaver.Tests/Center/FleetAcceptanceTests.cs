using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.HelloTraffic;

namespace CoverWeaver.Tests.Center
{
    /// <summary>
    /// The coverage center end to end, with real processes: <c>coverweaver center</c> on a store,
    /// two woven instances of samples/HelloService serving and keeping counter files, a targets
    /// file naming both. A run is started, a known mix of requests sent, one instance killed with
    /// SIGKILL mid-run and started again on its address, the run ended: the run's count of every
    /// line of HelloRoutes must be exactly the requests sent during it (nothing is in flight at the
    /// kill), the killed instance's last requests, which no pull took, included; what ran before
    /// the run (each instance's startup) is in the live view, not the run.
    /// </summary>
    [TestClass]
    public sealed class FleetAcceptanceTests
    {
        [TestMethod]
        public void ARunOnSqliteCountsExactlyTheRequestsSentThroughAKillAndRestart()
        {
            using var temp = new TempDirectory();
            Fleet(temp, temp.Combine("center.db"), "SQLite");
        }

        [TestMethod]
        public void ARunOnPostgresCountsExactlyTheRequestsSentThroughAKillAndRestart()
        {
            using var postgres = TestPostgres.Create();
            using var temp = new TempDirectory();
            Fleet(temp, postgres.ConnectionString, "PostgreSQL");
        }

        /// <summary>
        /// The center killed with SIGKILL mid-run and started again on the same store: the run is
        /// still open with everything it had acknowledged, and ends with exactly the requests sent.
        /// </summary>
        [TestMethod]
        public void ACenterKilledMidRunLosesNothingItAcknowledged()
        {
            using var temp = new TempDirectory();
            using var service = HelloServiceProcess.Start(temp.Combine("data"));
            var targets = temp.Combine("targets.json");
            File.WriteAllText(targets, JsonSerializer.Serialize(new[] { new { service = "hello", token = service.Token, targets = new[] { new { url = service.CoverAddress, data = service.DataDirectory } } } }));
            string[] Args() => new[] { "--db", temp.Combine("center.db"), "--targets", targets, "--interval", "3600", "--spool", temp.Combine("spool") };
            long run;
            var first = Mix(("HelloQuery", 2), ("Upload", 1));
            using (var center = new CenterProcess(Args()))
            {
                run = center.Post("api/runs", new { name = "survives", services = new[] { "hello" } }, expected: 201).GetProperty("id").GetInt64();
                Send(service.Client, first);
                center.Post("api/pull", null);
                center.Kill();
            }

            var second = Mix(("HelloPath", 3));
            Send(service.Client, second);
            using (var center = new CenterProcess(Args()))
            {
                Assert.AreEqual("open", center.Get($"api/runs/{run}").GetProperty("run").GetProperty("state").GetString(), "the run outlives the center");
                // Acknowledged before the kill, from the store; made while it was down, from a pull since.
                center.Post("api/pull", null);
                AssertLines(Expected(0, first, second), Rows(center.GetBytes($"api/services/hello/report?format=export&scope=run:{run}")), "after the restart");
                var third = Mix(("Welcome", 1));
                Send(service.Client, third);
                center.Post($"api/runs/{run}/end", null);
                AssertLines(Expected(0, first, second, third), Rows(center.GetBytes($"api/services/hello/report?format=export&scope=run:{run}")), "the run, ended by the new center");
            }
        }

        private static void Fleet(TempDirectory temp, string db, string storeWord)
        {
            using var a = HelloServiceProcess.Start(temp.Combine("a"));
            using var b = HelloServiceProcess.Start(temp.Combine("b"));
            var targets = temp.Combine("targets.json");
            File.WriteAllText(targets, JsonSerializer.Serialize(new[]
            {
                new
                {
                    service = "hello",
                    targets = new object[]
                    {
                        new { url = a.CoverAddress, token = a.Token, data = a.DataDirectory },
                        new { url = b.CoverAddress, token = b.Token, data = b.DataDirectory },
                    },
                },
            }));

            // Pulled at start and when asked (POST /api/pull, a run's start and end): a pull never
            // races the kill, so every hit is either pulled or in the killed process's files.
            using var center = new CenterProcess("--db", db, "--targets", targets, "--interval", "3600", "--spool", temp.Combine("spool"));
            StringAssert.Contains(center.Output, storeWord, "the center says which store it uses");
            var started = center.Post("api/runs", new { name = "acceptance", commit = "0123abcd", services = new[] { "hello" } }, expected: 201);
            var run = started.GetProperty("id").GetInt64();
            Assert.AreEqual("open", started.GetProperty("state").GetString());

            var toA = Mix(("HelloQuery", 3), ("Welcome", 2), ("HelloBody", 1));
            var toB = Mix(("HelloPath", 4), ("HelloQuery", 1), ("Upload", 2));
            Send(a.Client, toA);
            Send(b.Client, toB);
            var pulled = center.Post("api/pull", null);
            Assert.IsTrue(pulled.EnumerateArray().All(t => t.GetProperty("state").GetString() == "live"), "both instances answer: " + pulled);

            // Requests no pull took before the kill: they are only in A's counter files.
            var unpulled = Mix(("HelloPath", 2), ("Welcome", 1));
            Send(a.Client, unpulled);
            var killedPid = a.ProcessId;
            a.Kill();

            var whileDown = center.Post("api/pull", null);
            var lost = Target(whileDown, a.CoverAddress);
            Assert.AreEqual("lost", lost.GetProperty("state").GetString(), "the killed instance is lost: " + whileDown);
            StringAssert.Contains(lost.GetProperty("error").GetString(), a.CoverAddress, "its error names it");

            using var restarted = a.Restart();
            Assert.AreNotEqual(killedPid, restarted.ProcessId);
            var afterRestart = Mix(("HelloBody", 2), ("HelloQuery", 1));
            Send(restarted.Client, afterRestart);
            var back = center.Post("api/pull", null);
            Assert.AreEqual("live", Target(back, a.CoverAddress).GetProperty("state").GetString(), "the restarted instance is picked up again: " + back);

            var lastOfB = Mix(("Upload", 1));
            Send(b.Client, lastOfB);
            var ended = center.Post($"api/runs/{run}/end", null);
            Assert.AreEqual("sealed", ended.GetProperty("run").GetProperty("state").GetString());
            Assert.IsTrue(ended.GetProperty("targets").EnumerateArray().All(t => t.GetProperty("state").GetString() == "live"), "the final pull reached both: " + ended);

            // The run: every request sent during it, on both instances, the restarted one's startup (Map) once.
            var runRows = Rows(center.GetBytes($"api/services/hello/report?format=export&scope=run:{run}"));
            AssertLines(Expected(1, toA, toB, unpulled, afterRestart, lastOfB), runRows, "the run");

            // Before the run only the two first instances' startups ran: the live view has them, and no request.
            AssertLines(Expected(2), Rows(center.GetBytes("api/services/hello/report?format=export&scope=live")), "the live view");

            // Traffic after the seal is live, never the sealed run's.
            var afterSeal = Mix(("Welcome", 3));
            Send(b.Client, afterSeal);
            center.Post("api/pull", null);
            AssertLines(Expected(1, toA, toB, unpulled, afterRestart, lastOfB), Rows(center.GetBytes($"api/services/hello/report?format=export&scope=run:{run}")), "the sealed run, later");
            AssertLines(Expected(2, afterSeal), Rows(center.GetBytes("api/services/hello/report?format=export&scope=live")), "the live view, later");

            // The JSON answers agree with the data: the run's total (distinct source lines run), the service's commit.
            var figures = center.Get($"api/services/hello/total?scope=run:{run}");
            var all = SnapshotRows.Analyse(center.GetBytes($"api/services/hello/report?format=export&scope=run:{run}"), Level.Line).Values.SelectMany(r => r).ToList();
            Assert.AreEqual(all.Where(r => r.Calls > 0).Select(r => (r.File, r.Line)).Distinct().Count(), figures.GetProperty("covered").GetInt32(), "the run's covered lines");
            Assert.AreEqual(all.Select(r => (r.File, r.Line)).Distinct().Count(), figures.GetProperty("total").GetInt32(), "the run's executable lines");
            Assert.AreEqual("0123abcd", center.Get("api/services/hello/commit").GetProperty("commit").GetString());
            Assert.IsFalse(center.Get("api/targets").ToString().Contains(a.Token, StringComparison.Ordinal), "no answer shows a target's token");

            Assert.AreEqual(0, center.Stop(), "SIGTERM stops the center cleanly:\n" + center.Output);
            StringAssert.Contains(center.Output, "is lost", "the center said the instance was lost");
            StringAssert.Contains(center.Output, "answers again", "and that it answered again");
        }

        private static JsonElement Target(JsonElement statuses, string url) =>
            statuses.EnumerateArray().Single(t => t.GetProperty("url").GetString() == url);

        private static List<CoverRow> Rows(byte[] export) => SnapshotRows.Analyse(export, Level.Line)[Routes];

        /// <summary>Every line row of HelloRoutes has its function's expected count.</summary>
        private static void AssertLines(Dictionary<string, long> expected, IReadOnlyList<CoverRow> rows, string when)
        {
            var wrong = rows.Where(r => r.Calls != expected[r.Function!]).Select(r => $"{r.Function} line {r.Line}: {r.Calls}, expected {expected[r.Function!]}").ToList();
            Assert.AreEqual(0, wrong.Count, $"{when}: " + string.Join("; ", wrong));
            CollectionAssert.AreEquivalent(expected.Keys.ToList(), rows.Select(r => r.Function).Distinct().ToList(), $"{when}: every function has lines");
        }
    }
}
