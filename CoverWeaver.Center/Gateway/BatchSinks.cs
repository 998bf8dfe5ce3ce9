using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Center.Ingest;
using CoverWeaver.Center.Store;

namespace CoverWeaver.Center.Gateway
{
    /// <summary>Where a gateway delivers its batches: the center's store in the same process, or a center over HTTP.</summary>
    internal interface IBatchSink
    {
        /// <summary>Delivers a batch; returns once it is durable there.</summary>
        /// <exception cref="BatchRefusedException">The batch can never be taken (damaged, another build under one build id): retrying is pointless.</exception>
        /// <exception cref="Exception">Anything else: not delivered now, to be tried again.</exception>
        Task DeliverAsync(Batch batch, CancellationToken cancel);
    }

    /// <summary>The center will never take this batch; the message says why.</summary>
    internal sealed class BatchRefusedException : Exception
    {
        public BatchRefusedException(string message)
            : base(message)
        {
        }
    }

    /// <summary>The gateway inside the center: batches go straight into its store.</summary>
    internal sealed class StoreSink : IBatchSink
    {
        private readonly ICoverageStore _store;

        public StoreSink(ICoverageStore store)
        {
            _store = store;
        }

        public Task DeliverAsync(Batch batch, CancellationToken cancel)
        {
            try
            {
                _store.Ingest(batch);
                return Task.CompletedTask;
            }
            catch (InvalidDataException e)
            {
                throw new BatchRefusedException(e.Message);
            }
        }
    }

    /// <summary>
    /// A gateway of its own talking to its center: batches go to <c>POST /api/batches</c>, and
    /// <c>/api/gateway/poll</c> says when a run's start or end wants the targets pulled now.
    /// </summary>
    internal sealed class CenterClient : IBatchSink, IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        private readonly HttpClient _client = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        private readonly string _center;
        private readonly Uri _batches;
        private readonly string? _token;

        public CenterClient(string center, string? token)
        {
            _center = center.TrimEnd('/');
            _batches = new Uri(_center + "/api/batches");
            _token = token;
        }

        /// <summary>Waits (up to about 20 s) for a pull request after <paramref name="after"/>; the newest request id and the services to pull now.</summary>
        public async Task<(long Request, string[] Services)> PollAsync(string gateway, IEnumerable<string> services, long after, CancellationToken cancel)
        {
            var query = $"?gateway={Uri.EscapeDataString(gateway)}&after={after}&services={Uri.EscapeDataString(string.Join(",", services))}";
            using var request = Authorized(new HttpRequestMessage(HttpMethod.Post, _center + "/api/gateway/poll" + query));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"The center at {_center} answered {(int)response.StatusCode} to a poll: {text.Trim()}");
            }

            using var json = JsonDocument.Parse(text);
            return (json.RootElement.GetProperty("request").GetInt64(), json.RootElement.GetProperty("services").EnumerateArray().Select(s => s.GetString()!).ToArray());
        }

        /// <summary>Tells the center everything up to <paramref name="request"/> was pulled and delivered.</summary>
        public async Task AcknowledgeAsync(string gateway, long request, CancellationToken cancel)
        {
            using var message = Authorized(new HttpRequestMessage(HttpMethod.Post, $"{_center}/api/gateway/pulled?gateway={Uri.EscapeDataString(gateway)}&request={request}"));
            using var response = await _client.SendAsync(message, cancel).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }

        private HttpRequestMessage Authorized(HttpRequestMessage request)
        {
            if (_token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            }

            return request;
        }

        public async Task DeliverAsync(Batch batch, CancellationToken cancel)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(Timeout);
            using var content = new ByteArrayContent(BatchCodec.Encode(batch));
            content.Headers.ContentType = new MediaTypeHeaderValue(BatchCodec.ContentType);
            using var request = Authorized(new HttpRequestMessage(HttpMethod.Post, _batches) { Content = content });

            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var text = await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var message = $"The center at {_batches} answered {status}: {text.Trim()}";
            // 401/403 and 5xx are fixed over there (a token, a database): the batch is kept for then.
            if (status == 400 || status == 413 || status == 422)
            {
                throw new BatchRefusedException(message);
            }

            throw new HttpRequestException(message);
        }

        public void Dispose() => _client.Dispose();
    }
}
