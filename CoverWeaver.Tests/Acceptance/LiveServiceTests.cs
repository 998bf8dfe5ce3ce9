using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.HelloTraffic;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// Live coverage end to end: samples/HelloService, woven, run as real processes on loopback
    /// with COVERWEAVER_LISTEN, COVERWEAVER_TOKEN and COVERWEAVER_DATA, driven by real HTTP
    /// requests. Every expected count is the traffic the test itself sent: each request runs one
    /// handler of HelloService.HelloRoutes once, so every executable line of a handler must have
    /// run exactly as many times as its requests were answered, and Map (called by Program at
    /// startup) once per process.
    /// </summary>
    [TestClass]
    public sealed class LiveServiceTests
    {
        private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(10);

        [TestMethod]
        public void TheSnapshotCountsExactlyTheRequestsServedAndResetZeroesIt()
        {
            using var temp = new TempDirectory();
            using var service = HelloServiceProcess.Start(temp.Combine("data"));

            // Before any request only startup ran: Program's top-level lines, and through them Map.
            var atStart = Lines(service.Snapshot());
            AssertLines(Expected(maps: 1), atStart, "before any request");
            var summary = Summary(service);
            var routes = summary[Routes];
            Assert.AreEqual(atStart.Count(r => r.Function == Map), routes.Covered, "/summary: Map's lines are the covered ones");
            Assert.AreEqual(atStart.Count(r => r.Function != Map), routes.NotCovered, "/summary: every handler line is not covered");
            Assert.AreEqual(1L, routes.Calls, "/summary: Map was entered once");
            Assert.IsTrue(summary.TryGetValue("Program", out var program), "/summary lists the top-level statements' module: " + string.Join(", ", summary.Keys));
            Assert.IsTrue(program.Covered > 0 && program.NotCovered == 0, $"every top-level line of Program ran: {program.Covered}/{program.NotCovered}");

            var mix = Mix(("HelloQuery", 3), ("HelloPath", 2), ("HelloBody", 1), ("Welcome", 1));
            HelloTraffic.Send(service.Client, mix);

            AssertLines(Expected(1, mix), Lines(service.Snapshot()), "after the requests");

            var reset = service.CoverPost("/reset");
            Assert.AreEqual(204, reset.Status, reset.ToString());
            var afterReset = SnapshotRows.Analyse(service.Snapshot(), Level.Line);
            var counted = afterReset.Values.SelectMany(rows => rows).Where(r => r.Calls != 0).ToList();
            Assert.AreEqual(0, counted.Count, "after POST /reset nothing counts: " + string.Join("; ", SnapshotRows.Describe(counted)));
            AssertLines(Expected(0), afterReset[Routes], "after the reset");
        }

        [TestMethod]
        public void AnalysesWithTwoInstancesAttachedAddUpBothInstancesTraffic()
        {
            using var temp = new TempDirectory();
            using var first = HelloServiceProcess.Start(temp.Combine("first"));
            using var second = HelloServiceProcess.Start(temp.Combine("second"));
            var toFirst = Mix(("HelloQuery", 3), ("Welcome", 2), ("HelloBody", 1));
            var toSecond = Mix(("HelloPath", 4), ("HelloQuery", 1), ("HelloBody", 2));
            HelloTraffic.Send(first.Client, toFirst);
            HelloTraffic.Send(second.Client, toSecond);
            ForgetLocalCounts();
            try
            {
                var nodes = Cover.Start(
                    new CoverNodeOptions(first.CoverAddress) { Token = first.Token, Timeout = NodeTimeout },
                    new CoverNodeOptions(second.CoverAddress) { Token = second.Token, Timeout = NodeTimeout });
                Assert.IsTrue(nodes.All(n => n.State == NodeState.Live), "both instances answer: " + string.Join("; ", nodes));

                AssertFunctions(Expected(2, toFirst, toSecond), Cover.Analyse(Routes, Analysis.Calls, Level.Function), "both instances attached");

                // Requests served after attaching show in the next analysis, with nothing re-attached.
                var later = Mix(("Upload", 2), ("Welcome", 1));
                HelloTraffic.Send(second.Client, later);
                AssertFunctions(Expected(2, toFirst, toSecond, later), Cover.Analyse(Routes, Analysis.Calls, Level.Function), "after more requests");
            }
            finally
            {
                foreach (var node in Cover.WhichNodes())
                {
                    Cover.Stop(node.Address);
                }

                ForgetLocalCounts();
            }
        }

        /// <summary>
        /// Two instances killed with SIGKILL, each counting into its own directory: one while two
        /// client threads send it requests, one after its client stopped. Each directory imported
        /// alone must hold every request its instance answered and none it was not sent: the target
        /// is zero lost hits, measured against the client's own count.
        /// </summary>
        [TestMethod]
        public void AKilledInstanceLosesNoRequestItAnswered()
        {
            using var temp = new TempDirectory();
            using var loaded = HelloServiceProcess.Start(temp.Combine("loaded"));
            using var quiet = HelloServiceProcess.Start(temp.Combine("quiet"));

            var quietClient = new CountingClient(quiet.Client, "HelloPath", threads: 2, limit: 300);
            quietClient.Start();
            quietClient.Join();
            Assert.IsTrue(quietClient.StoppedBy.All(e => e == null), "the quiet instance answered every request: " + string.Join("; ", quietClient.StoppedBy));
            Assert.AreEqual(quietClient.Sent, quietClient.Received, "nothing was in flight when the quiet instance was killed");
            quiet.Kill();

            var client = new CountingClient(loaded.Client, "HelloQuery", threads: 2, limit: long.MaxValue);
            client.Start();
            client.WaitForReceived(500, TimeSpan.FromMinutes(1));
            Thread.Sleep(Random.Shared.Next(0, 200));
            loaded.Kill();
            client.Stop();
            client.Join();
            var (sent, received) = (client.Sent, client.Received);
            // Sent but never answered: killed before, during or after its handler ran, or sent after the kill.
            Console.WriteLine($"Killed under load: {sent} requests sent, {received} answered, {sent - received} in flight (per thread sent/answered: {client.Tallies()}).");

            AssertLines(Expected(1, Mix(("HelloPath", quietClient.Received))), Imported(quiet.DataDirectory), "the quiet instance's directory, alone");

            var rows = Imported(loaded.DataDirectory);
            AssertLines(Expected(1), rows.Where(r => r.Function != "HelloQuery").ToList(), "the loaded instance's other functions", "HelloQuery");
            var handled = rows.Where(r => r.Function == "HelloQuery").ToList();
            Assert.IsNotEmpty(handled, "HelloQuery has executable lines");
            Console.WriteLine($"HelloQuery's lines ran {string.Join(", ", handled.Select(r => r.Calls).Distinct())} times by the counter files.");
            foreach (var row in handled)
            {
                // With nothing in flight, sent == received and this demands the exact count.
                Assert.IsTrue(
                    row.Calls >= received && row.Calls <= sent,
                    $"line {row.Line} of HelloQuery ran {row.Calls} times by the counter files; the client had {received} answers of {sent} requests sent ({client.Tallies()})");
            }
        }

        private static List<CoverRow> Lines(byte[] snapshot) => SnapshotRows.Analyse(snapshot, Level.Line)[Routes];

        /// <summary>Adds the instance's counter files alone to a HelloRoutes zeroed here, and returns its line analysis.</summary>
        private static List<CoverRow> Imported(string dataDirectory)
        {
            ForgetLocalCounts();
            Cover.Import(dataDirectory);
            return Cover.Analyse(Routes, Analysis.Calls, Level.Line).ToList();
        }

        /// <summary>This process knows HelloRoutes only from imports and stopped nodes, in this class's tests; each test starts from zero.</summary>
        private static void ForgetLocalCounts()
        {
            if (Cover.IsCompiled(Routes))
            {
                Cover.Reset(Routes);
            }
        }

        /// <summary>Every line row of HelloRoutes has its function's expected count, and every function expected has lines.</summary>
        private static void AssertLines(Dictionary<string, long> expected, IReadOnlyList<CoverRow> rows, string when, params string[] left)
        {
            var functions = rows.Select(r => r.Function).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToList();
            CollectionAssert.AreEqual(expected.Keys.Except(left).OrderBy(f => f, StringComparer.Ordinal).ToList(), functions, $"{when}: the functions with lines");
            var wrong = rows.Where(r => r.Calls != expected[r.Function!]).Select(r => $"{r.Function} line {r.Line}: {r.Calls}, expected {expected[r.Function!]}").ToList();
            Assert.AreEqual(0, wrong.Count, $"{when}: " + string.Join("; ", wrong));
        }

        /// <summary>The calls analysis at function level: each function entered as often as expected.</summary>
        private static void AssertFunctions(Dictionary<string, long> expected, IReadOnlyList<CoverRow> rows, string when)
        {
            var actual = rows.ToDictionary(r => r.Function!, r => r.Calls);
            CollectionAssert.AreEquivalent(
                expected.Select(p => $"{p.Key} {p.Value}").ToList(),
                actual.Select(p => $"{p.Key} {p.Value}").ToList(),
                when);
        }

        private static Dictionary<string, (long Covered, long NotCovered, long Calls)> Summary(HelloServiceProcess service)
        {
            var response = service.CoverGet("/summary");
            Assert.AreEqual(200, response.Status, response.ToString());
            using var json = JsonDocument.Parse(response.Text);
            return json.RootElement.GetProperty("modules").EnumerateArray().ToDictionary(
                m => m.GetProperty("module").GetString()!,
                m => (m.GetProperty("covered").GetInt64(), m.GetProperty("notCovered").GetInt64(), m.GetProperty("calls").GetInt64()));
        }
    }
}
