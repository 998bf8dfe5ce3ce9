using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Center.Ingest;
using CoverWeaver.Data;
using CoverWeaver.Nodes;

namespace CoverWeaver.Center.Gateway
{
    /// <summary>What a page or an answer shows of a target: never its token, only whether it has one.</summary>
    internal sealed record TargetStatus(string Service, string Url, bool HasToken, string? DataDirectory, string Origin, string State, string? Error,
        DateTimeOffset? LastPullAt, DateTimeOffset? LastSuccessAt, long Pulls, int Modules);

    /// <summary>
    /// The gateway's work, in the center or in a process of its own: every interval, each target is
    /// pulled with <c>POST /snapshot?reset=true</c> (so successive pulls add up to exactly the hits
    /// made), the answer is spooled to disk, delivered to the sink and then deleted. A target that
    /// does not answer is marked lost with its error and pulled again at the next interval, so a
    /// restarted process is picked up again; with a counter-file directory, what a dead process
    /// counted after its last pull is read from its files, once.
    /// </summary>
    internal sealed class Scraper : IDisposable
    {
        private static readonly NodeHttp.Wording TargetWording = new NodeHttp.Wording(
            "Target", "given", address => "give the target its token in the targets file or the registration.", "Or check that the process is not stuck.");

        private readonly Func<IReadOnlyList<TargetSpec>> _targets;
        private readonly IBatchSink _sink;
        private readonly Spool _spool;
        private readonly TimeSpan _timeout;
        private readonly Action<string> _log;
        private readonly object _gate = new object();
        private readonly Dictionary<string, Target> _byUrl = new Dictionary<string, Target>(StringComparer.Ordinal);
        private readonly SemaphoreSlim _flushing = new SemaphoreSlim(1, 1);

        // Tables already parsed: a target sends the same ones with every pull.
        private readonly DecodedTables _decoded = new DecodedTables();

        // Each run of a gateway is a source of its own, so its sequence numbers start afresh safely.
        private readonly string _instance = Guid.NewGuid().ToString("N");

        /// <param name="targets">The targets to pull now; asked at every cycle (the file may have changed).</param>
        /// <param name="sink">Where batches go.</param>
        /// <param name="spool">Where batches wait for the sink.</param>
        /// <param name="timeout">How long one target may take to answer.</param>
        /// <param name="log">Told of every problem, once per change of a target's state.</param>
        public Scraper(Func<IReadOnlyList<TargetSpec>> targets, IBatchSink sink, Spool spool, TimeSpan timeout, Action<string> log)
        {
            _targets = targets;
            _sink = sink;
            _spool = spool;
            _timeout = timeout;
            _log = log;
        }

        /// <summary>Batches waiting in the spool.</summary>
        public int Spooled => _spool.Count;

        public IReadOnlyList<TargetStatus> Status()
        {
            lock (_gate)
            {
                return _byUrl.Values.OrderBy(t => t.Spec.Service, StringComparer.Ordinal).ThenBy(t => t.Spec.Url, StringComparer.Ordinal).Select(t => t.Status()).ToList();
            }
        }

        /// <summary>Pulls every interval until cancelled; spooled batches of an earlier run are delivered first.</summary>
        public async Task RunAsync(TimeSpan interval, CancellationToken cancel)
        {
            while (!cancel.IsCancellationRequested)
            {
                var started = DateTime.UtcNow;
                try
                {
                    await PullAllAsync(cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    _log("The pull cycle failed: " + e.Message);
                }

                var wait = interval - (DateTime.UtcNow - started);
                try
                {
                    await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>When the last complete cycle started, how long it took, and how many targets it pulled.</summary>
        public (DateTimeOffset StartedAt, TimeSpan Took, int Targets)? LastCycle { get; private set; }

        /// <summary>One cycle: the spool, then every target, a few at a time.</summary>
        public async Task PullAllAsync(CancellationToken cancel)
        {
            var startedAt = DateTimeOffset.UtcNow;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var targets = Refresh();
            await FlushAsync(cancel).ConfigureAwait(false);
            await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancel }, async (target, token) =>
            {
                await target.Gate.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    await PullAsync(target, token).ConfigureAwait(false);
                }
                finally
                {
                    target.Gate.Release();
                }
            }).ConfigureAwait(false);
            LastCycle = (startedAt, clock.Elapsed, targets.Count);
        }

        /// <summary>
        /// Pulls every target of <paramref name="services"/> and runs <paramref name="inside"/> before
        /// any of them can be pulled again: what a run's start and end need, so that counts taken
        /// before the start go to the live view and everything up to the end to the run.
        /// </summary>
        public async Task<T> PullServicesAsync<T>(IReadOnlyCollection<string> services, Func<T> inside, CancellationToken cancel)
        {
            var targets = Refresh().Where(t => services.Contains(t.Spec.Service)).OrderBy(t => t.Spec.Url, StringComparer.Ordinal).ToList();
            var held = new List<Target>();
            try
            {
                foreach (var target in targets)
                {
                    await target.Gate.WaitAsync(cancel).ConfigureAwait(false);
                    held.Add(target);
                }

                await FlushAsync(cancel).ConfigureAwait(false);
                await Task.WhenAll(targets.Select(t => PullAsync(t, cancel))).ConfigureAwait(false);
                return inside();
            }
            finally
            {
                held.ForEach(t => t.Gate.Release());
            }
        }

        /// <summary>The statuses of the targets of <paramref name="services"/>.</summary>
        public IReadOnlyList<TargetStatus> StatusOf(IReadOnlyCollection<string> services) => Status().Where(s => services.Contains(s.Service)).ToList();

        private List<Target> Refresh()
        {
            var specs = _targets();
            lock (_gate)
            {
                var wanted = new HashSet<string>(specs.Select(s => s.Url), StringComparer.Ordinal);
                foreach (var gone in _byUrl.Keys.Where(url => !wanted.Contains(url)).ToList())
                {
                    _byUrl.Remove(gone);
                }

                foreach (var spec in specs)
                {
                    if (!_byUrl.TryGetValue(spec.Url, out var target))
                    {
                        _byUrl[spec.Url] = new Target(spec, $"{_instance}:{spec.Url}");
                    }
                    else if (target.Spec != spec)
                    {
                        target.Update(spec);
                    }
                }

                return _byUrl.Values.ToList();
            }
        }

        private async Task PullAsync(Target target, CancellationToken cancel)
        {
            var spec = target.Spec;
            var at = DateTimeOffset.UtcNow;
            byte[] bytes;
            List<ModuleSnapshot> modules;
            try
            {
                bytes = await Task.Run(() => NodeHttp.Snapshot(spec.Url, spec.Token, _timeout, reset: true, TargetWording), cancel).ConfigureAwait(false);
                modules = CoverageFile.Decode(bytes, $"The answer of target {spec.Url}", _decoded);
            }
            catch (Exception e) when (e is NodeUnreachableException || e is InvalidDataException)
            {
                target.Failed(at, e.Message, _log);
                await HarvestAsync(target, cancel).ConfigureAwait(false);
                return;
            }

            var takenAt = DateTimeOffset.UtcNow;
            target.Succeeded(at, modules.Count, _log);
            // Counts of nothing are not stored, except the first time a build is seen, so that its
            // modules show (at 0%) before anything ran.
            var builds = modules.Select(m => (m.Assembly.AssemblyName, m.Assembly.BuildId)).Distinct().ToList();
            if (modules.Any(m => m.Counts.Any(c => c != 0)) || builds.Any(b => !target.KnownBuilds.Contains(b)))
            {
                var batch = new Batch(BatchKind.Pull, spec.Service, target.Source, target.NextSequence(), takenAt, bytes) { Origin = spec.Url };
                if (await SendAsync(batch, target, cancel).ConfigureAwait(false))
                {
                    builds.ForEach(b => target.KnownBuilds.Add(b));
                }
            }

            await HarvestAsync(target, cancel).ConfigureAwait(false);
        }

        private async Task HarvestAsync(Target target, CancellationToken cancel)
        {
            if (target.Harvest == null)
            {
                return;
            }

            foreach (var dead in target.Harvest.TakeDead(_log))
            {
                if (dead.Snapshots.All(s => s.Counts.All(c => c == 0)))
                {
                    continue;
                }

                var batch = new Batch(BatchKind.Harvest, target.Spec.Service, target.Source, target.NextSequence(), DateTimeOffset.UtcNow, CoverageFile.Encode(dead.Snapshots))
                {
                    HarvestKey = dead.Key,
                    Origin = dead.File,
                };
                await SendAsync(batch, target, cancel).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Spools the batch, then delivers what the spool holds for its source, in order. False if
        /// the batch is still waiting (delivered at a later cycle).
        /// </summary>
        private async Task<bool> SendAsync(Batch batch, Target target, CancellationToken cancel)
        {
            string path;
            try
            {
                path = _spool.Write(batch);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // The pull already zeroed the target: delivering without the spool is the only chance left.
                _log($"Cannot spool a batch of {batch.Origin} to {_spool.Directory} ({e.Message}); delivering it directly.");
                try
                {
                    await _sink.DeliverAsync(batch, cancel).ConfigureAwait(false);
                    return true;
                }
                catch (Exception failed) when (failed is not OperationCanceledException)
                {
                    target.Note($"{failed.Message} The counts of this pull are lost: free the spool's disk.", _log);
                    return false;
                }
            }

            // Earlier batches of the source still waiting go first, in order.
            await DeliverAsync(_spool.PendingOf(batch.Source), cancel).ConfigureAwait(false);
            return !File.Exists(path);
        }

        /// <summary>Delivers every spooled batch, each source's in order, stopping a source at its first failure.</summary>
        public async Task FlushAsync(CancellationToken cancel)
        {
            foreach (var files in _spool.Pending())
            {
                await DeliverAsync(files, cancel).ConfigureAwait(false);
            }
        }

        private async Task<int> DeliverAsync(List<string> files, CancellationToken cancel)
        {
            await _flushing.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                var delivered = 0;
                foreach (var path in files)
                {
                    if (!File.Exists(path))
                    {
                        // Delivered by another flush meanwhile.
                        delivered++;
                        continue;
                    }

                    Batch batch;
                    try
                    {
                        batch = Spool.Read(path);
                    }
                    catch (InvalidDataException e)
                    {
                        _spool.Refuse(path, e.Message);
                        _log(e.Message);
                        continue;
                    }

                    try
                    {
                        await _sink.DeliverAsync(batch, cancel).ConfigureAwait(false);
                        _spool.Done(path);
                        delivered++;
                    }
                    catch (BatchRefusedException e)
                    {
                        _spool.Refuse(path, e.Message);
                        Note(batch, e.Message + $" The batch is kept in {_spool.Directory}/refused.");
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Note(batch, $"Delivering counts of {batch.Origin} failed ({e.Message}); they wait in {_spool.Directory} and are sent again at the next pull.");
                        return delivered;
                    }
                }

                return delivered;
            }
            finally
            {
                _flushing.Release();
            }
        }

        private void Note(Batch batch, string message)
        {
            Target? target;
            lock (_gate)
            {
                _byUrl.TryGetValue(batch.Origin, out target);
            }

            if (target != null)
            {
                target.Note(message, _log);
            }
            else
            {
                _log(message);
            }
        }

        public void Dispose()
        {
            _flushing.Dispose();
        }

        /// <summary>One target's state across cycles; its gate lets one pull at a time take its counts.</summary>
        private sealed class Target
        {
            private readonly object _lock = new object();
            private string _state = "new";
            private string? _error;
            private DateTimeOffset? _lastPull;
            private DateTimeOffset? _lastSuccess;
            private long _pulls;
            private int _modules;
            private long _sequence;

            public Target(TargetSpec spec, string source)
            {
                Spec = spec;
                Source = source;
                Harvest = spec.DataDirectory == null ? null : new CounterFileHarvest(spec.DataDirectory);
            }

            public TargetSpec Spec { get; private set; }

            public string Source { get; }

            public CounterFileHarvest? Harvest { get; private set; }

            public SemaphoreSlim Gate { get; } = new SemaphoreSlim(1, 1);

            /// <summary>Assembly builds delivered at least once, whose all-zero pulls need not be stored.</summary>
            public HashSet<(string, ulong)> KnownBuilds { get; } = new HashSet<(string, ulong)>();

            public long NextSequence() => Interlocked.Increment(ref _sequence);

            public void Update(TargetSpec spec)
            {
                if (spec.DataDirectory != Spec.DataDirectory)
                {
                    Harvest = spec.DataDirectory == null ? null : new CounterFileHarvest(spec.DataDirectory);
                }

                Spec = spec;
            }

            public void Failed(DateTimeOffset at, string error, Action<string> log)
            {
                bool changed;
                lock (_lock)
                {
                    changed = _state != "lost" || _error != error;
                    _state = "lost";
                    _error = error;
                    _lastPull = at;
                    _pulls++;
                }

                if (changed)
                {
                    log($"{Spec.Service} {Spec.Url} is lost: {error}");
                }
            }

            public void Succeeded(DateTimeOffset at, int modules, Action<string> log)
            {
                bool back;
                lock (_lock)
                {
                    back = _state == "lost";
                    _state = "live";
                    _error = null;
                    _lastPull = at;
                    _lastSuccess = at;
                    _pulls++;
                    _modules = modules;
                }

                if (back)
                {
                    log($"{Spec.Service} {Spec.Url} answers again.");
                }
            }

            /// <summary>A problem after a good pull (delivery): shown with the target, which stays live.</summary>
            public void Note(string message, Action<string> log)
            {
                lock (_lock)
                {
                    if (_error == message)
                    {
                        return;
                    }

                    _error = message;
                }

                log($"{Spec.Service} {Spec.Url}: {message}");
            }

            public TargetStatus Status()
            {
                lock (_lock)
                {
                    return new TargetStatus(Spec.Service, Spec.Url, Spec.Token != null, Spec.DataDirectory, Spec.Origin, _state, _error, _lastPull, _lastSuccess, _pulls, _modules);
                }
            }
        }
    }
}
