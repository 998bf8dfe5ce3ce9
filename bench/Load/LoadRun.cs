using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CoverWeaver.Bench.Load
{
    /// <summary>
    /// Concurrent workers sending GET requests over one HttpClient, back to back, until a deadline
    /// or a cap on the number of requests, whichever comes first, so a run is always bounded.
    /// </summary>
    internal static class LoadRun
    {
        /// <summary>The routes cycled through: three handlers of HelloRoutes, so several woven lines run per request.</summary>
        private static readonly string[] Paths = { "/hello?name=load", "/hello/load", "/welcome" };

        public static HttpClient NewClient(string baseAddress, int workers) =>
            new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri(baseAddress),
                Timeout = TimeSpan.FromSeconds(30),
            };

        /// <summary>Runs the workers for <paramref name="duration"/> and returns the answered requests per second.</summary>
        public static double RequestsPerSecond(HttpClient client, int workers, TimeSpan duration, long maxRequests)
        {
            long answered = 0;
            long issued = 0;
            var watch = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                for (var i = w; watch.Elapsed < duration && Interlocked.Increment(ref issued) <= maxRequests; i++)
                {
                    using var response = await client.GetAsync(Paths[i % Paths.Length]).ConfigureAwait(false);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    Interlocked.Increment(ref answered);
                }
            })).ToArray();
            Task.WaitAll(tasks);
            return answered / watch.Elapsed.TotalSeconds;
        }
    }
}
