using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace CoverWeaver.Nodes
{
    /// <summary>
    /// The client side of a node's coverage endpoint: <c>GET {base}/snapshot</c> for the current
    /// counts, <c>POST {base}/snapshot?reset=true</c> for counts taken with a reset, both answered
    /// in the export format.
    /// </summary>
    internal static class NodeHttp
    {
        public const string ContentType = "application/vnd.coverweaver.coverage";

        // One client for the process, as HttpClient is meant to be used; each request has its own timeout.
        private static readonly HttpClient Client = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        /// <summary>The snapshot bytes; any failure is a <see cref="NodeUnreachableException"/> saying what happened.</summary>
        public static byte[] Snapshot(string address, string? token, TimeSpan timeout, bool reset)
        {
            // Every await below leaves the caller's context, so blocking here cannot deadlock a UI thread.
            return SnapshotAsync(address, token, timeout, reset).GetAwaiter().GetResult();
        }

        private static async Task<byte[]> SnapshotAsync(string address, string? token, TimeSpan timeout, bool reset)
        {
            using var cancel = new CancellationTokenSource(timeout);
            using var request = new HttpRequestMessage(reset ? HttpMethod.Post : HttpMethod.Get, address + (reset ? "/snapshot?reset=true" : "/snapshot"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ContentType));
            if (!string.IsNullOrEmpty(token))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            try
            {
                using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new NodeUnreachableException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }

                return await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new NodeUnreachableException($"{request.Method} {request.RequestUri} did not answer within {timeout.TotalSeconds:0.###} s.");
            }
            catch (HttpRequestException e)
            {
                throw new NodeUnreachableException($"{request.Method} {request.RequestUri} failed: {Innermost(e).Message}");
            }
            catch (IOException e)
            {
                throw new NodeUnreachableException($"{request.Method} {request.RequestUri} failed: {e.Message}");
            }
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }
    }

    /// <summary>A node did not give a usable answer; the message says why.</summary>
    internal sealed class NodeUnreachableException : Exception
    {
        public NodeUnreachableException(string message)
            : base(message)
        {
        }
    }
}
