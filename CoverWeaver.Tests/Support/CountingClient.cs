using System;
using System.Linq;
using System.Net.Http;
using System.Threading;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Threads sending one kind of request to a service back to back, each keeping its own tally:
    /// a request counts as sent just before it goes out and as received once its whole, correct
    /// answer is in. The handler ran for every received request and for no more than every sent
    /// one, so its count on the server lies between the two sums (equal when none was in flight).
    /// </summary>
    internal sealed class CountingClient
    {
        private readonly HttpClient _client;
        private readonly string _handler;
        private readonly long _limit;
        private readonly Thread[] _threads;
        private readonly long[] _sent;
        private readonly long[] _received;
        private readonly Exception?[] _stoppedBy;
        private volatile bool _stopping;

        /// <param name="limit">Requests each thread sends at most; it stops earlier on <see cref="Stop"/> or a failed request.</param>
        public CountingClient(HttpClient client, string handler, int threads, long limit)
        {
            _client = client;
            _handler = handler;
            _limit = limit;
            _sent = new long[threads];
            _received = new long[threads];
            _stoppedBy = new Exception?[threads];
            _threads = Enumerable.Range(0, threads).Select(t => new Thread(() => Run(t)) { IsBackground = true, Name = "client " + t }).ToArray();
        }

        public long Sent => Enumerable.Range(0, _sent.Length).Sum(t => Volatile.Read(ref _sent[t]));

        public long Received => Enumerable.Range(0, _received.Length).Sum(t => Volatile.Read(ref _received[t]));

        /// <summary>Per thread, what ended it: null when it reached its limit or was stopped.</summary>
        public Exception?[] StoppedBy => _stoppedBy;

        public void Start() => Array.ForEach(_threads, t => t.Start());

        /// <summary>Waits until at least <paramref name="received"/> answers came back in all.</summary>
        public void WaitForReceived(long received, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Received < received)
            {
                if (DateTime.UtcNow > deadline || _threads.All(t => !t.IsAlive))
                {
                    throw new TimeoutException($"Only {Received} of {received} answers came back; the threads stopped by: {string.Join("; ", _stoppedBy.Select(e => e?.Message))}");
                }

                Thread.Sleep(5);
            }
        }

        /// <summary>No thread starts another request after this; requests under way finish or fail.</summary>
        public void Stop() => _stopping = true;

        public void Join() => Array.ForEach(_threads, t => t.Join(TimeSpan.FromMinutes(1)));

        /// <summary>Per thread, sent and received, for messages.</summary>
        public string Tallies() => string.Join(", ", Enumerable.Range(0, _sent.Length).Select(t => $"{Volatile.Read(ref _sent[t])}/{Volatile.Read(ref _received[t])}"));

        private void Run(int thread)
        {
            try
            {
                for (var i = 0L; i < _limit && !_stopping; i++)
                {
                    Volatile.Write(ref _sent[thread], _sent[thread] + 1);
                    HelloTraffic.Send(_client, _handler, "load");
                    Volatile.Write(ref _received[thread], _received[thread] + 1);
                }
            }
            catch (Exception e)
            {
                _stoppedBy[thread] = e;
            }
        }
    }
}
