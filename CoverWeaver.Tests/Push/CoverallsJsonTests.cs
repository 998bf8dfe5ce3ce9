using System.IO;
using System.Linq;
using System.Text.Json;
using CoverWeaver.Analyses;
using CoverWeaver.Report;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Push
{
    /// <summary>The Coveralls job written from module counts, when sources are missing and names need escaping.</summary>
    [TestClass]
    public sealed class CoverallsJsonTests
    {
        [TestMethod]
        public void AMissingSourceHasNoDigestAndCoverageUpToItsLastExecutableLine()
        {
            var module = FakeNode.Copy(FakeNode.Local(ConcurrencyName));
            var missing = Path.Combine(Path.GetTempPath(), "no-such-dir-" + System.Guid.NewGuid().ToString("N"), "Gone \"quoted\".cs");
            for (var i = 0; i < module.Assembly.Documents.Count; i++)
            {
                module.Assembly.Documents[i] = missing;
            }

            var counts = module;
            var told = new System.Collections.Generic.List<string>();

            var text = CoverallsJson.Write(new[] { counts }, "svc \\ name", "job\n1", told.Add);

            using var json = JsonDocument.Parse(text);
            Assert.AreEqual("svc \\ name", json.RootElement.GetProperty("service_name").GetString());
            Assert.AreEqual("job\n1", json.RootElement.GetProperty("service_job_id").GetString());
            var file = json.RootElement.GetProperty("source_files").EnumerateArray().Single();
            Assert.AreEqual(missing, file.GetProperty("name").GetString(), "outside any repository: the full path");
            Assert.IsFalse(file.TryGetProperty("source_digest", out _), "no digest of content we do not have");
            var lastLine = counts.Lines().Max(l => l.Line);
            Assert.AreEqual(lastLine, file.GetProperty("coverage").GetArrayLength());
            CollectionAssert.AreEqual(new[] { missing }, told);
        }
    }
}
