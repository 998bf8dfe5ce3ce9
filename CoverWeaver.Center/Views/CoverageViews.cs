using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CoverWeaver.Center.Store;
using CoverWeaver.Reports;

namespace CoverWeaver.Center.Views
{
    /// <summary>
    /// A service's figures in one scope, for the builds chosen (the newest of each assembly unless
    /// asked), with the counts of unchanged modules carried from older builds unless asked not to.
    /// </summary>
    internal sealed record ServiceView(StoredCoverage Data, IReadOnlyList<TableRecord> Builds, LineFigures Figures, bool Carry, IReadOnlyList<CarriedMethod> Carried)
    {
        private readonly ConcurrentDictionary<long, Figure> _builds = new ConcurrentDictionary<long, Figure>();

        /// <summary>The snapshots behind <see cref="Figures"/>, for a download.</summary>
        public List<CoverWeaver.Data.ModuleSnapshot> Snapshots() => Data.Snapshots(Builds, Carry);

        /// <summary>One build's own lines in the scope (nothing carried), computed once per view.</summary>
        public Figure BuildFigure(TableRecord table) =>
            _builds.GetOrAdd(table.Id, _ => Builds.Count == 1 && Builds[0].Id == table.Id && Carried.Count == 0
                ? Figures.Total
                : LineFigures.Of(Data.Snapshots(new[] { table })).Total);
    }

    /// <summary>
    /// What pages and answers show, computed from the store with the report writers' own
    /// arrangement (<see cref="LineFigures"/>), so the center's numbers are the reports' numbers.
    /// A sealed run never changes, so its figures are computed once.
    /// </summary>
    internal sealed class CoverageViews
    {
        private readonly ICoverageStore _store;
        private readonly ConcurrentDictionary<(long Service, long Run, string Builds), Lazy<ServiceView?>> _sealed = new ConcurrentDictionary<(long, long, string), Lazy<ServiceView?>>();

        public CoverageViews(ICoverageStore store)
        {
            _store = store;
        }

        /// <summary>Reads <c>all</c>, <c>live</c>, <c>run:N</c> (or <c>N</c>); null when it is none of them.</summary>
        public static Scope? ParseScope(string? text)
        {
            var value = (text ?? "all").Trim();
            if (value.Length == 0 || value == "all")
            {
                return Scope.Everything;
            }

            if (value == "live")
            {
                return Scope.Live;
            }

            var number = value.StartsWith("run:", StringComparison.Ordinal) ? value.Substring(4) : value;
            return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? Scope.Run(id) : null;
        }

        public static string ScopeText(Scope scope) => scope.All ? "all" : scope.RunId == Scope.LiveRunId ? "live" : "run:" + scope.RunId!.Value.ToString(CultureInfo.InvariantCulture);

        /// <summary>The view, or null when the service is unknown or a build asked for is not in the scope.</summary>
        public ServiceView? Service(string name, Scope scope, IReadOnlyCollection<string> builds, bool carry = true)
        {
            var service = _store.Service(name);
            return service == null ? null : Service(service, scope, builds, carry);
        }

        public ServiceView? Service(ServiceRecord service, Scope scope, IReadOnlyCollection<string> builds, bool carry = true)
        {
            var run = scope.All || scope.RunId == Scope.LiveRunId ? null : _store.Run(scope.RunId!.Value);
            var key = (service.Id, scope.RunId ?? -1, string.Join(",", builds.OrderBy(b => b, StringComparer.Ordinal)) + (carry ? "+carry" : ""));
            if (run?.SealedAt != null)
            {
                // Computed once, also when several requests (or the warming after the seal) ask at once.
                var lazy = _sealed.GetOrAdd(key, _ => new Lazy<ServiceView?>(() => Compute(service, scope, builds, carry)));
                try
                {
                    return lazy.Value;
                }
                catch
                {
                    // A failure (the store unreachable) is not remembered: the next request tries again.
                    _sealed.TryRemove(new KeyValuePair<(long, long, string), Lazy<ServiceView?>>(key, lazy));
                    throw;
                }
            }

            return Compute(service, scope, builds, carry);
        }

        /// <summary>
        /// Computes a sealed run's figures (each service's, and each build's) ahead of the first
        /// request for its page; run in the background when the run is sealed.
        /// </summary>
        public void Warm(RunRecord run)
        {
            foreach (var name in run.Services)
            {
                var view = Service(name, Scope.Run(run.Id), Array.Empty<string>());
                foreach (var table in view?.Data.Tables ?? Array.Empty<TableRecord>())
                {
                    view!.BuildFigure(table);
                }
            }
        }

        private ServiceView? Compute(ServiceRecord service, Scope scope, IReadOnlyCollection<string> builds, bool carry)
        {
            var data = StoredCoverage.Read(_store, service, scope);
            var chosen = data.Select(builds);
            if (chosen == null)
            {
                return null;
            }

            var carried = new List<CarriedMethod>();
            return new ServiceView(data, chosen, LineFigures.Of(data.Snapshots(chosen, carry, carried)), carry, carried);
        }

        /// <summary>The service's figure in each sealed run that covered it, oldest first: its trend.</summary>
        public List<(RunRecord Run, Figure Lines)> Trend(ServiceRecord service)
        {
            var trend = new List<(RunRecord, Figure)>();
            foreach (var run in _store.Runs().Where(r => r.SealedAt != null && r.Services.Contains(service.Name)).OrderBy(r => r.Id))
            {
                var view = Service(service, Scope.Run(run.Id), Array.Empty<string>());
                if (view != null && view.Builds.Count > 0)
                {
                    trend.Add((run, view.Figures.Total));
                }
            }

            return trend;
        }

        /// <summary>
        /// Lines covered in <paramref name="to"/> and not in <paramref name="from"/> (new lines included),
        /// and lines of <paramref name="to"/> not covered there that were in <paramref name="from"/>, by
        /// source file and line, so two builds of one source compare line by line.
        /// </summary>
        public static (List<(string File, int Line, long Count)> NewlyCovered, List<(string File, int Line, long Count)> NoLongerCovered) Diff(LineFigures from, LineFigures to)
        {
            var newly = new List<(string, int, long)>();
            var lost = new List<(string, int, long)>();
            foreach (var file in to.Files)
            {
                from.Files.TryGetValue(file.Key, out var before);
                foreach (var line in file.Value.Where(l => l.Value > 0))
                {
                    if (before == null || !before.TryGetValue(line.Key, out var was) || was == 0)
                    {
                        newly.Add((file.Key, line.Key, line.Value));
                    }
                }
            }

            foreach (var file in from.Files)
            {
                to.Files.TryGetValue(file.Key, out var after);
                foreach (var line in file.Value.Where(l => l.Value > 0))
                {
                    // A line gone from the newer build is not a line that lost its coverage.
                    if (after != null && after.TryGetValue(line.Key, out var now) && now == 0)
                    {
                        lost.Add((file.Key, line.Key, line.Value));
                    }
                }
            }

            return (newly, lost);
        }
    }
}
