using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Push
{
    /// <summary>Pushes to a fake receiver, in both formats, and failures that never reach the host.</summary>
    [TestClass]
    public sealed class CoverPushTests
    {
        private readonly List<FakeHttpServer> _servers = new List<FakeHttpServer>();

        [TestCleanup]
        public void StopPushing()
        {
            CoverPush.Stop();
            _servers.ForEach(server => server.Dispose());
        }

        [TestMethod]
        public void TheCoverWeaverFormatIsTheExportOfEveryModule()
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(6);
            var receiver = Receiver();
            CoverPush.Start(receiver.BaseAddress + "/coverage", PushFormat.CoverWeaver);

            Assert.IsTrue(CoverPush.PushNow());

            var push = receiver.Received.Single();
            Assert.AreEqual("POST", push.Method);
            Assert.AreEqual("/coverage", push.PathAndQuery);
            Assert.AreEqual("application/vnd.coverweaver.coverage", push.ContentType);
            var modules = CoverageFile.Decode(push.Body, "the pushed body");
            // Cover.Modules() qualifies a type name two assemblies share; the pushed data always carries both names.
            CollectionAssert.AreEqual(
                Cover.Modules().Select(name => name.Contains(',') ? name : name + ", " + modules.First(m => m.Module.Name == name).Assembly.AssemblyName).ToList(),
                modules.Select(m => m.Module.Name + ", " + m.Assembly.AssemblyName).ToList());
            CollectionAssert.AreEqual(FakeNode.Local(ConcurrencyName).Counts, modules.Single(m => m.Module.Name == ConcurrencyName).Counts);
            Assert.IsTrue(modules.Single(m => m.Module.Name == ConcurrencyName).Counts.Any(c => c == 6), "the loop body's 6 runs are in it");
        }

        [TestMethod]
        public void TheCoverallsFormatHasACountOrNullPerSourceLine()
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(4);
            var receiver = Receiver();
            CoverPush.Start(receiver.BaseAddress, PushFormat.Coveralls, token: "t0k");

            Assert.IsTrue(CoverPush.PushNow());

            var push = receiver.Received.Single();
            StringAssert.StartsWith(push.ContentType, "application/json");
            Assert.AreEqual("Bearer t0k", push.Authorization);
            using var json = JsonDocument.Parse(push.Body);
            Assert.AreEqual("coverweaver", json.RootElement.GetProperty("service_name").GetString());
            StringAssert.Contains(json.RootElement.GetProperty("service_job_id").GetString(), Environment.ProcessId.ToString());
            var file = json.RootElement.GetProperty("source_files").EnumerateArray()
                .Single(f => f.GetProperty("name").GetString() == "CoverWeaver.Tests/Fixtures/Woven/Special/Concurrency.cs");
            var source = File.ReadAllBytes(ConcurrencySource);
            Assert.AreEqual(Convert.ToHexStringLower(MD5.HashData(source)), file.GetProperty("source_digest").GetString());
            var coverage = file.GetProperty("coverage").EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (long?)null : e.GetInt64()).ToList();
            Assert.AreEqual(File.ReadAllLines(ConcurrencySource).Length, coverage.Count, "one entry per source line");
            var rows = Cover.Analyse(ConcurrencyName, Analysis.Calls, Level.Line).ToDictionary(r => r.Line, r => r.Calls);
            var expected = Enumerable.Range(1, coverage.Count).Select(line => rows.TryGetValue(line, out var calls) ? calls : (long?)null).ToList();
            CollectionAssert.AreEqual(expected, coverage);
            Assert.Contains(4L, coverage.Cast<long?>().ToList(), "the loop body's 4 runs are in it");
        }

        [TestMethod]
        public void PushesRepeatOnTheInterval()
        {
            var receiver = Receiver();
            CoverPush.Start(receiver.BaseAddress, PushFormat.CoverWeaver, TimeSpan.FromMilliseconds(100));

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (receiver.Received.Count < 3 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }

            Assert.IsGreaterThanOrEqualTo(3, receiver.Received.Count);
            CoverPush.Stop();
            Thread.Sleep(300);
            var afterStop = receiver.Received.Count;
            Thread.Sleep(400);
            Assert.IsLessThanOrEqualTo(afterStop, receiver.Received.Count, "no push after Stop");
        }

        [TestMethod]
        public void FailuresNeverThrowAndAreReportedOncePerKind()
        {
            var receiver = Receiver(status: 500);
            var gone = Receiver();
            gone.Down();
            var stderr = Console.Error;
            var captured = new StringWriter();
            Console.SetError(captured);
            try
            {
                CoverPush.Start(receiver.BaseAddress);
                Assert.IsFalse(CoverPush.PushNow());
                Assert.IsFalse(CoverPush.PushNow());
                CoverPush.Start(gone.BaseAddress);
                Assert.IsFalse(CoverPush.PushNow());
                Assert.IsFalse(CoverPush.PushNow());
            }
            finally
            {
                Console.SetError(stderr);
            }

            var lines = captured.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.AreEqual(1, lines.Count(l => l.Contains("500", StringComparison.Ordinal)), captured.ToString());
            Assert.AreEqual(1, lines.Count(l => l.Contains(gone.BaseAddress, StringComparison.Ordinal)), captured.ToString());
            Assert.HasCount(2, receiver.Received, "both pushes reached the failing receiver");
        }

        [TestMethod]
        public void BadArgumentsFromCodeAreRefusedAtOnce()
        {
            Assert.ThrowsExactly<ArgumentException>(() => CoverPush.Start("ftp://example.org/x"));
            Assert.ThrowsExactly<ArgumentException>(() => CoverPush.Start("http://127.0.0.1:1", interval: TimeSpan.Zero));
            Assert.IsFalse(CoverPush.PushNow(), "nothing set up, nothing pushed");
        }

        private FakeHttpServer Receiver(int status = 200)
        {
            var server = new FakeHttpServer(_ => (status, "text/plain", Encoding.UTF8.GetBytes("ok")));
            _servers.Add(server);
            return server;
        }
    }
}
