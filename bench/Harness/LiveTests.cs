using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using CoverWeaver.Bench.Workloads;
using CoverWeaver.Data;
using CoverWeaver.Runtime;
using CoverWeaver.Server;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Bench.Harness
{
    /// <summary>
    /// Live coverage at scale: GET /snapshot of a million probes (ScaleTests' 1,000 modules of
    /// 1,000, imported) over loopback from the in-process server, while another thread keeps
    /// running woven workload code, so the snapshot sums counter blocks that are being written.
    /// </summary>
    [TestClass]
    public sealed class LiveTests
    {
        [TestMethod]
        public void SnapshotOfAMillionProbesUnderLoad()
        {
            if (Environment.GetEnvironmentVariable("BENCH_VARIANT") != "count")
            {
                return; // Needs woven workload code to run beside it; the count build is the default mode.
            }

            var file = Path.Combine(Path.GetTempPath(), "coverweaver-bench-live-" + Guid.NewGuid().ToString("N") + ".coverdata");
            File.WriteAllBytes(file, CoverageFile.Encode(ScaleTests.Snapshots()));
            var token = Guid.NewGuid().ToString("N");
            var stop = false;
            var load = new Thread(() =>
            {
                while (!Volatile.Read(ref stop))
                {
                    Kernels.Run();
                }
            }) { IsBackground = true };
            try
            {
                Cover.Import(file);
                using var server = CoverServer.Start("127.0.0.1:0", token);
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
                load.Start();
                Measure.Record("live-snapshot-million", () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{server.Port}/snapshot");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = client.Send(request);
                    response.EnsureSuccessStatusCode();
                    return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
                }, warmUp: 2, timed: 11);
                // The same bytes made in-process with no HTTP, to tell serving cost from encoding cost.
                Measure.Record("live-snapshot-million-encode", () => CoverageFile.Encode(Snapshots.Take(reset: false)).Length, warmUp: 2, timed: 11);
            }
            finally
            {
                Volatile.Write(ref stop, true);
                if (load.IsAlive)
                {
                    load.Join();
                }

                File.Delete(file);
            }
        }
    }
}
