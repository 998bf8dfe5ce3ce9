using System;
using System.Linq;
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
    /// When a run of its services starts or ends, the center asks it to pull at once (a long poll).
    /// </summary>
    public sealed class GatewayHost : IAsyncDisposable
    {
        private readonly Scraper _scraper;
        private readonly CenterClient _center;
        private readonly TargetSet _targets;
        private readonly Action<string> _log;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly string _id = Guid.NewGuid().ToString("N");
        private readonly Task _pulling;
        private readonly Task _polling;

        private GatewayHost(Scraper scraper, CenterClient center, TargetSet targets, TimeSpan interval, Action<string> log)
        {
            _scraper = scraper;
            _center = center;
            _targets = targets;
            _log = log;
            _pulling = scraper.RunAsync(interval, _stop.Token);
            _polling = PollAsync(_stop.Token);
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
            var sink = new CenterClient(TargetSpec.Normalize(options.Center), options.Token);
            var scraper = new Scraper(targets.Current, sink, spool, options.PullTimeout, log);
            log($"CoverWeaver gateway pulling {targets.Current().Count} targets every {options.Interval.TotalSeconds:0.###} s into {TargetSpec.Normalize(options.Center)} (spool {spool.Directory}).");
            return Task.FromResult(new GatewayHost(scraper, sink, targets, options.Interval, log));
        }

        /// <summary>
        /// Answers the center's pull requests (a run of these services starts or ends): pulls their
        /// targets at once and, once everything is delivered, says so; the center waits for that.
        /// </summary>
        private async Task PollAsync(CancellationToken stop)
        {
            long after = -1;
            var failing = false;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var services = _targets.Current().Select(t => t.Service).Distinct(StringComparer.Ordinal).ToList();
                    var (request, asked) = await _center.PollAsync(_id, services, after, stop).ConfigureAwait(false);
                    if (asked.Length > 0)
                    {
                        await _scraper.PullServicesAsync(asked, () => true, stop).ConfigureAwait(false);
                        if (_scraper.Spooled == 0)
                        {
                            await _center.AcknowledgeAsync(_id, request, stop).ConfigureAwait(false);
                        }
                    }

                    after = request;
                    failing = false;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    if (!failing)
                    {
                        _log("Cannot hear the center's pull requests: " + e.Message);
                        failing = true;
                    }

                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
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

            try
            {
                await _polling.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _scraper.Dispose();
            _center.Dispose();
            _stop.Dispose();
        }
    }
}
