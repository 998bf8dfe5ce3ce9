using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Center.Gateway;
using CoverWeaver.Center.Store;

namespace CoverWeaver.Center.Runs
{
    /// <summary>
    /// Starts and ends test runs. A start first pulls every target of the run's services, so what
    /// they counted before belongs to the live view, and opens the run before any of them can be
    /// pulled again. An end (the push trigger) pulls them all a last time, counting into the run,
    /// and seals it before any of them can be pulled again; a target that does not answer then is
    /// named in the answer, and what its counter files keep is still read once its process is gone.
    /// Gateways of their own serving the services are asked to pull first, and waited for.
    /// </summary>
    internal sealed class RunControl
    {
        private readonly ICoverageStore _store;
        private readonly Scraper _scraper;
        private readonly GatewayCoordinator _gateways;
        private readonly TimeSpan _wait;
        private readonly Views.CoverageViews _views;
        private readonly Action<string> _log;

        /// <param name="store">Where runs are kept.</param>
        /// <param name="scraper">The center's own targets.</param>
        /// <param name="gateways">Gateways of their own, asked to pull too.</param>
        /// <param name="wait">How long gateways have to pull and deliver.</param>
        /// <param name="views">Whose figures of a sealed run are computed ahead of its page.</param>
        /// <param name="log">Told of a problem computing them.</param>
        public RunControl(ICoverageStore store, Scraper scraper, GatewayCoordinator gateways, TimeSpan wait, Views.CoverageViews views, Action<string> log)
        {
            _store = store;
            _scraper = scraper;
            _gateways = gateways;
            _wait = wait;
            _views = views;
            _log = log;
        }

        /// <summary>Null when a run may be started with these; otherwise what is wrong.</summary>
        public static string? Problem(string? name, IReadOnlyList<string>? services)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            {
                return "A run needs a \"name\" of 1 to 200 characters.";
            }

            if (services == null || services.Count == 0)
            {
                return "A run needs \"services\": the names of the services it covers, e.g. [\"hello\"].";
            }

            return services.Select(TargetSpec.ServiceProblem).FirstOrDefault(p => p != null);
        }

        public async Task<RunRecord> StartAsync(string name, string? commit, IReadOnlyList<string> services, CancellationToken cancel)
        {
            var distinct = services.Distinct(StringComparer.Ordinal).ToList();
            await _gateways.PullAsync(distinct, _wait, cancel).ConfigureAwait(false);
            return await _scraper.PullServicesAsync(distinct, () => _store.StartRun(name, commit, distinct, DateTimeOffset.UtcNow), cancel).ConfigureAwait(false);
        }

        /// <summary>Ends and seals the run; returns it with the state of its targets after their final pull.</summary>
        /// <exception cref="KeyNotFoundException">No such run.</exception>
        /// <exception cref="ConflictException">It is sealed already.</exception>
        public async Task<(RunRecord Run, IReadOnlyList<TargetStatus> Targets, IReadOnlyList<string> SilentGateways)> EndAsync(long id, CancellationToken cancel)
        {
            var run = _store.RequestEnd(id, DateTimeOffset.UtcNow);
            var silent = await _gateways.PullAsync(run.Services.ToList(), _wait, cancel).ConfigureAwait(false);
            var sealedRun = await _scraper.PullServicesAsync(run.Services.ToList(), () => _store.Seal(id, DateTimeOffset.UtcNow), cancel).ConfigureAwait(false);
            _ = Task.Run(() =>
            {
                try
                {
                    _views.Warm(sealedRun);
                }
                catch (Exception e)
                {
                    _log($"Computing the figures of run {id} ahead of its page failed (the page computes them when asked): {e.Message}");
                }
            });
            return (sealedRun, _scraper.StatusOf(run.Services.ToList()), silent);
        }
    }
}
