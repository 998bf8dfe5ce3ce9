using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
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

    /// <summary>A gateway of its own: batches go to a center's <c>POST /api/batches</c>.</summary>
    internal sealed class CenterSink : IBatchSink, IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

        private readonly HttpClient _client = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        private readonly Uri _batches;
        private readonly string? _token;

        public CenterSink(string center, string? token)
        {
            _batches = new Uri(center.TrimEnd('/') + "/api/batches");
            _token = token;
        }

        public async Task DeliverAsync(Batch batch, CancellationToken cancel)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(Timeout);
            using var content = new ByteArrayContent(BatchCodec.Encode(batch));
            content.Headers.ContentType = new MediaTypeHeaderValue(BatchCodec.ContentType);
            using var request = new HttpRequestMessage(HttpMethod.Post, _batches) { Content = content };
            if (_token != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            }

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
