using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.HelloTraffic;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// Push at exit, configured only by the environment, from the sample service as a real
    /// process stopped as a service manager stops it (SIGTERM): the last push carries every request served.
    /// </summary>
    [TestClass]
    public sealed class PushAtExitTests
    {
        private const string Routes = "HelloService.HelloRoutes";

        [TestMethod]
        [DataRow("coverweaver")]
        [DataRow("coveralls")]
        public void AServiceStoppedWithSigtermPushesWhatItServed(string format)
        {
            using var receiver = new FakeHttpServer(_ => (204, "text/plain", Array.Empty<byte>()));
            using var temp = new TempDirectory();
            using var service = HelloServiceProcess.Start(temp.Combine("data"), new Dictionary<string, string>
            {
                ["COVERWEAVER_PUSH_URL"] = receiver.BaseAddress + "/push",
                ["COVERWEAVER_PUSH_FORMAT"] = format,
            });
            Send(service.Client, Mix(("Welcome", 2), ("HelloQuery", 1)));

            Assert.AreEqual(0, service.Terminate(TimeSpan.FromSeconds(30)), "a graceful stop\n" + service.Output);

            var push = receiver.Received.Where(r => r.Method == "POST" && r.PathAndQuery == "/push").ToList();
            Assert.AreEqual(1, push.Count, "one push, at exit (no interval was set)\n" + service.Output);
            if (format == "coverweaver")
            {
                Assert.AreEqual("application/vnd.coverweaver.coverage", push[0].ContentType);
                var calls = SnapshotRows.Analyse(push[0].Body, Level.Function)[Routes].ToDictionary(r => r.Function!, r => r.Calls);
                Assert.AreEqual(2, calls["Welcome"]);
                Assert.AreEqual(1, calls["HelloQuery"]);
                Assert.IsFalse(calls.ContainsKey("Upload") && calls["Upload"] != 0, "Upload was never requested");
            }
            else
            {
                using var job = JsonDocument.Parse(push[0].Body);
                var file = job.RootElement.GetProperty("source_files").EnumerateArray()
                    .Single(f => f.GetProperty("name").GetString()!.EndsWith("HelloRoutes.cs", StringComparison.Ordinal));
                var coverage = file.GetProperty("coverage").EnumerateArray()
                    .Select(c => c.ValueKind == JsonValueKind.Null ? (long?)null : c.GetInt64()).ToList();
                var source = System.IO.File.ReadAllLines(RepoPaths.Combine("samples", "HelloService", "HelloRoutes.cs"));
                var welcome = Array.FindIndex(source, l => l.Contains("Results.Text(\"Welcome\")", StringComparison.Ordinal));
                var upload = Array.FindIndex(source, l => l.Contains("Results.Text(\"Uploaded\"", StringComparison.Ordinal));
                Assert.AreEqual(2L, coverage[welcome], "the Welcome line's count, by source line");
                Assert.AreEqual(0L, coverage[upload], "Upload's line is executable and never ran");
                Assert.IsNull(coverage[0], "a using line is not executable");
            }
        }
    }
}
