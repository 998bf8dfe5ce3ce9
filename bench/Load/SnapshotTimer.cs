using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;

namespace CoverWeaver.Bench.Load
{
    /// <summary>Times GET /snapshot on a coverage endpoint: each request on a fresh connection, as the endpoint serves one per connection.</summary>
    internal static class SnapshotTimer
    {
        /// <summary>The sorted times in milliseconds of <paramref name="count"/> snapshots, a pause apart, and the size of the last.</summary>
        public static (double[] Milliseconds, int Bytes) Time(string coverAddress, string token, int count, TimeSpan pause)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var times = new double[count];
            var bytes = 0;
            for (var i = 0; i < count; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, coverAddress + "/snapshot");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var watch = Stopwatch.StartNew();
                using var response = client.Send(request);
                response.EnsureSuccessStatusCode();
                bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
                times[i] = watch.Elapsed.TotalMilliseconds;
                Thread.Sleep(pause);
            }

            Array.Sort(times);
            return (times, bytes);
        }
    }
}
