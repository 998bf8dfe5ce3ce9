using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CoverWeaver.Center.Runs
{
    /// <summary>
    /// Asks gateways of their own (<c>coverweaver gateway</c>) to pull now, when a run starts or
    /// ends: each gateway long-polls the center with the services its targets belong to, a run's
    /// start or end posts a pull request for its services, and the center waits (boundedly) for
    /// every gateway serving them to say it pulled and delivered. So a run gets the counts its
    /// services' remote targets made up to its end, as it does from the center's own targets.
    /// Control flows to the gateways; counts still flow only from them to the center.
    /// </summary>
    internal sealed class GatewayCoordinator
    {
        /// <summary>A gateway not heard from for this long is not waited for.</summary>
        private static readonly TimeSpan Forgotten = TimeSpan.FromMinutes(2);

        private readonly object _gate = new object();
        private readonly Dictionary<string, Heard> _gateways = new Dictionary<string, Heard>(StringComparer.Ordinal);
        private readonly List<(long Id, IReadOnlyCollection<string> Services)> _requests = new List<(long, IReadOnlyCollection<string>)>();
        private TaskCompletionSource _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _last;

        /// <summary>
        /// A gateway's poll: the newest request after <paramref name="after"/> and the services it
        /// asks to pull (of this gateway's); waits up to <paramref name="wait"/> for one. With
        /// <paramref name="after"/> below zero (or above the newest, from before a restart of the center),
        /// answers at once with the newest id and nothing to pull.
        /// </summary>
        public async Task<(long Request, IReadOnlyList<string> Services)> PollAsync(string gateway, IReadOnlyCollection<string> services, long after, TimeSpan wait, CancellationToken cancel)
        {
            var deadline = DateTime.UtcNow + wait;
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    Seen(gateway, services);
                    if (after < 0 || after > _last)
                    {
                        // A first poll, or one from before this center started: the gateway takes the newest id.
                        return (_last, Array.Empty<string>());
                    }

                    if (_last > after)
                    {
                        // Requests for other services only advance this gateway past them.
                        var asked = _requests.Where(r => r.Id > after).SelectMany(r => r.Services).Intersect(services, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
                        return (_last, asked);
                    }

                    if (DateTime.UtcNow >= deadline)
                    {
                        return (_last, Array.Empty<string>());
                    }

                    changed = _changed.Task;
                }

                var left = deadline - DateTime.UtcNow;
                if (left < TimeSpan.Zero)
                {
                    left = TimeSpan.Zero;
                }

                await Task.WhenAny(changed, Task.Delay(left, cancel)).ConfigureAwait(false);
                cancel.ThrowIfCancellationRequested();
            }
        }

        /// <summary>The gateways heard from lately, with their services, for the status answer.</summary>
        public IReadOnlyList<(string Gateway, IReadOnlyList<string> Services, DateTime LastSeen)> Known()
        {
            lock (_gate)
            {
                return _gateways.Where(g => DateTime.UtcNow - g.Value.LastSeen < Forgotten)
                    .Select(g => (g.Key, (IReadOnlyList<string>)g.Value.Services.OrderBy(s => s, StringComparer.Ordinal).ToList(), g.Value.LastSeen)).ToList();
            }
        }

        /// <summary>The gateway pulled and delivered everything up to <paramref name="request"/>.</summary>
        public void Acknowledge(string gateway, long request)
        {
            lock (_gate)
            {
                if (_gateways.TryGetValue(gateway, out var known))
                {
                    known.Acknowledged = Math.Max(known.Acknowledged, request);
                    known.LastSeen = DateTime.UtcNow;
                }

                Signal();
            }
        }

        /// <summary>
        /// Asks every gateway serving <paramref name="services"/> to pull now and waits until each
        /// said it did, or <paramref name="timeout"/> passed; returns the gateways that did not.
        /// </summary>
        public async Task<IReadOnlyList<string>> PullAsync(IReadOnlyCollection<string> services, TimeSpan timeout, CancellationToken cancel)
        {
            long id;
            List<string> waitFor;
            lock (_gate)
            {
                waitFor = _gateways.Where(g => DateTime.UtcNow - g.Value.LastSeen < Forgotten && g.Value.Services.Overlaps(services)).Select(g => g.Key).ToList();
                if (waitFor.Count == 0)
                {
                    return Array.Empty<string>();
                }

                id = ++_last;
                _requests.Add((id, services.ToList()));
                if (_requests.Count > 100)
                {
                    _requests.RemoveAt(0);
                }

                Signal();
            }

            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    var missing = waitFor.Where(g => _gateways[g].Acknowledged < id).ToList();
                    if (missing.Count == 0 || DateTime.UtcNow >= deadline)
                    {
                        return missing;
                    }

                    changed = _changed.Task;
                }

                await Task.WhenAny(changed, Task.Delay(deadline - DateTime.UtcNow, cancel)).ConfigureAwait(false);
                cancel.ThrowIfCancellationRequested();
            }
        }

        private void Seen(string gateway, IReadOnlyCollection<string> services)
        {
            if (!_gateways.TryGetValue(gateway, out var known))
            {
                _gateways[gateway] = known = new Heard();
            }

            known.LastSeen = DateTime.UtcNow;
            known.Services = new HashSet<string>(services, StringComparer.Ordinal);
        }

        private void Signal()
        {
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }

        private sealed class Heard
        {
            public DateTime LastSeen { get; set; }

            public HashSet<string> Services { get; set; } = new HashSet<string>(StringComparer.Ordinal);

            public long Acknowledged { get; set; }
        }
    }
}
