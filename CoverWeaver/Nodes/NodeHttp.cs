using System;
using System.IO;
using System.Net;
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

            var what = $"Node {address}: {request.Method} {request.RequestUri}";
            try
            {
                using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var answered = $"{what} answered {(int)response.StatusCode} {response.ReasonPhrase}";
                    throw new NodeUnreachableException(answered + Refusal(response.StatusCode, address, token != null), answered: true);
                }

                return await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new NodeUnreachableException($"{what} got no answer within {timeout.TotalSeconds:0.###} s. {NoAnswer(address)} Or give it a longer CoverNodeOptions.Timeout.", answered: false);
            }
            catch (HttpRequestException e)
            {
                throw new NodeUnreachableException($"{what} failed: {Sentence(Innermost(e).Message)} {NoAnswer(address)}", answered: false);
            }
            catch (IOException e)
            {
                throw new NodeUnreachableException($"{what} failed: {Sentence(e.Message)} {NoAnswer(address)}", answered: false);
            }
        }

        /// <summary>What to do about an HTTP error: only a refusal (401, 403) has a known fix, and it is always the token.</summary>
        private static string Refusal(HttpStatusCode status, string address, bool sentToken)
        {
            var attach = $"attach it with its token: Cover.Start(new CoverNodeOptions(\"{address}\") {{ Token = ... }}).";
            switch (status)
            {
                case HttpStatusCode.Unauthorized:
                    return sentToken
                        ? ": the token it was attached with is not the one it was started with (its COVERWEAVER_TOKEN); " + attach
                        : ": it needs a token, and it was attached without one; " + attach;
                case HttpStatusCode.Forbidden:
                    // A node without a token serves reads from its own machine only, and never a reset,
                    // which Flush and Stop need: the fix is on both sides.
                    return ": without a token a node serves only reads from its own machine, never a reset (Flush and Stop take one). " +
                           "Start it with COVERWEAVER_TOKEN=<secret> and " + attach;
                default:
                    return ".";
            }
        }

        private static string NoAnswer(string address) =>
            $"Is it running? Check the address: {address} must be the base URL of its coverage endpoint (where its COVERWEAVER_LISTEN serves).";

        private static string Sentence(string text) => text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";

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
        public NodeUnreachableException(string message, bool answered)
            : base(message)
        {
            Answered = answered;
        }

        /// <summary>Whether the node answered at all (with an error): then its process runs, and its counters are still there.</summary>
        public bool Answered { get; }
    }
}
