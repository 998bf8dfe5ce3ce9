using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
using CoverWeaver.Diagnostics;
using CoverWeaver.Report;
using CoverWeaver.Runtime;

namespace CoverWeaver.Push
{
    /// <summary>
    /// Sends this process's counts to one URL on an interval and at exit. Each push carries the
    /// totals so far, not what changed since the last one, so a push that fails loses nothing:
    /// the next carries it. Nothing here throws into the host; failures go to stderr once per kind.
    /// </summary>
    internal sealed class Pusher
    {
        private static readonly HttpClient Client = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        // Long enough for a slow receiver, short enough not to hold up a process that is exiting.
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

        private readonly PushSettings _settings;
        private readonly HashSet<string> _reported = new HashSet<string>(StringComparer.Ordinal);
        private readonly object _sending = new object();
        private Timer? _timer;
        private bool _stopped;

        public Pusher(PushSettings settings)
        {
            _settings = settings;
        }

        public PushSettings Settings => _settings;

        public void Start()
        {
            AppDomain.CurrentDomain.ProcessExit += OnExit;
            if (_settings.Interval is TimeSpan interval)
            {
                // One shot at a time, set again when a push is done: a push slower than the
                // interval never has timer callbacks queue up behind it, each holding a pool
                // thread, until the pool has none left for the push's own I/O.
                _timer = new Timer(_ => PushOnInterval(interval), null, interval, Timeout.InfiniteTimeSpan);
            }
        }

        public void Stop()
        {
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
            _timer?.Dispose();
            _timer = null;

            // A timer push already under way finishes first; none starts after this.
            lock (_sending)
            {
                _stopped = true;
            }
        }

        private void PushOnInterval(TimeSpan interval)
        {
            lock (_sending)
            {
                if (_stopped)
                {
                    return;
                }

                PushNow();
                try
                {
                    _timer?.Change(interval, Timeout.InfiniteTimeSpan);
                }
                catch (ObjectDisposedException)
                {
                    // Stopped at exit while this push ran: nothing more to schedule.
                }
            }
        }

        /// <summary>Pushes now; false if it failed (and was reported). One push at a time.</summary>
        public bool PushNow()
        {
            try
            {
                lock (_sending)
                {
                    return Send().GetAwaiter().GetResult();
                }
            }
            catch (Exception e)
            {
                // Anything at all: a coverage push must never take the host down.
                Report(e.GetType().Name, $"pushing coverage to {_settings.Url} failed: {e.Message}");
                return false;
            }
        }

        private void OnExit(object? sender, EventArgs e)
        {
            _timer?.Dispose();
            PushNow();
        }

        private async Task<bool> Send()
        {
            // The sequence is read before the totals, so a later push always carries later totals.
            var sequence = System.Diagnostics.Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url) { Content = Body() };
            request.Headers.Add(PushHeaders.Source, Persistence.PersistenceSettings.Instance.ToString("N"));
            request.Headers.Add(PushHeaders.Sequence, sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (_settings.Token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
            }

            using var cancel = new CancellationTokenSource(RequestTimeout);
            try
            {
                using var response = await Client.SendAsync(request, cancel.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                Report("HTTP " + (int)response.StatusCode, $"pushing coverage to {_settings.Url}: the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            catch (OperationCanceledException)
            {
                Report("timeout", $"pushing coverage to {_settings.Url}: no answer within {RequestTimeout.TotalSeconds:0} s.");
            }
            catch (HttpRequestException e)
            {
                Report("unreachable", $"pushing coverage to {_settings.Url} failed: {(e.InnerException ?? e).Message}");
            }

            return false;
        }

        private HttpContent Body()
        {
            var snapshots = Snapshots.Take(reset: false);
            if (_settings.Format == PushFormat.CoverWeaver)
            {
                var content = new ByteArrayContent(CoverageFile.Encode(snapshots));
                content.Headers.ContentType = new MediaTypeHeaderValue(Nodes.NodeHttp.ContentType);
                return content;
            }

            var modules = snapshots.Select(s => s);
            var json = CoverallsJson.Write(modules, _settings.ServiceName, _settings.JobId,
                path => Report("missing source", $"a source file is not on this machine ({path}, and maybe others); Coveralls gets its line counts without a source_digest."));
            return new StringContent(json, new UTF8Encoding(false), "application/json");
        }

        /// <summary>Says it on stderr the first time this kind of failure happens; the host is never interrupted.</summary>
        private void Report(string kind, string message)
        {
            lock (_reported)
            {
                if (!_reported.Add(kind))
                {
                    return;
                }
            }

            Log.Warn(message);
        }
    }
}
