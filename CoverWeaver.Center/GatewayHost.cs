using System;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Center.Gateway;

namespace CoverWeaver.Center
{
    /// <summary>
    /// The gateway as a process of its own: it pulls the targets of its file on an interval and
    /// delivers each batch to a center over HTTP. While the center cannot be reached (or refuses
    /// its token) the batches stay in the spool on disk, in order, and are delivered at the next
    /// cycle that reaches it; the targets keep being pulled meanwhile, so nothing waits in them.
    /// </summary>
    public sealed class GatewayHost : IAsyncDisposable
    {
        private readonly Scraper _scraper;
        private readonly CenterSink _sink;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _pulling;

        private GatewayHost(Scraper scraper, CenterSink sink, TimeSpan interval)
        {
            _scraper = scraper;
            _sink = sink;
            _pulling = scraper.RunAsync(interval, _stop.Token);
        }

        /// <summary>Batches waiting for the center.</summary>
        public int Spooled => _scraper.Spooled;

        /// <summary>Reads the targets file and starts pulling.</summary>
        /// <exception cref="System.IO.InvalidDataException">The targets file cannot be used; the message says why.</exception>
        public static Task<GatewayHost> StartAsync(GatewayOptions options, Action<string> log)
        {
            if (TargetSpec.UrlProblem(TargetSpec.Normalize(options.Center)) is string bad)
            {
                throw new ArgumentException("--center: " + bad.Replace("coverage endpoint", "coverweaver center", StringComparison.Ordinal));
            }

            var targets = new TargetSet(options.TargetsFile, Array.Empty<TargetSpec>, log);
            targets.Load();
            var spool = new Spool(options.SpoolDirectory);
            var sink = new CenterSink(TargetSpec.Normalize(options.Center), options.Token);
            var scraper = new Scraper(targets.Current, sink, spool, options.PullTimeout, log);
            log($"CoverWeaver gateway pulling {targets.Current().Count} targets every {options.Interval.TotalSeconds:0.###} s into {TargetSpec.Normalize(options.Center)} (spool {spool.Directory}).");
            return Task.FromResult(new GatewayHost(scraper, sink, options.Interval));
        }

        /// <summary>Stops pulling; what is spooled stays for the next start.</summary>
        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _pulling.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _scraper.Dispose();
            _sink.Dispose();
            _stop.Dispose();
        }
    }
}
