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
        /// <param name="address">The endpoint's base URL.</param>
        /// <param name="token">Sent as a bearer token when given.</param>
        /// <param name="timeout">How long the whole request may take.</param>
        /// <param name="reset">Whether to take the counts with a reset (POST) rather than read them (GET).</param>
        /// <param name="wording">How messages name the endpoint and the fixes; <see cref="Wording.Node"/> by default.</param>
        public static byte[] Snapshot(string address, string? token, TimeSpan timeout, bool reset, Wording? wording = null)
        {
            // Every await below leaves the caller's context, so blocking here cannot deadlock a UI thread.
            return SnapshotAsync(address, token, timeout, reset, wording ?? Wording.Node).GetAwaiter().GetResult();
        }

        private static async Task<byte[]> SnapshotAsync(string address, string? token, TimeSpan timeout, bool reset, Wording wording)
        {
            using var cancel = new CancellationTokenSource(timeout);
            using var request = new HttpRequestMessage(reset ? HttpMethod.Post : HttpMethod.Get, address + (reset ? "/snapshot?reset=true" : "/snapshot"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ContentType));
            if (!string.IsNullOrEmpty(token))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var what = $"{wording.Subject} {address}: {request.Method} {request.RequestUri}";
            try
            {
                using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var answered = $"{what} answered {(int)response.StatusCode} {response.ReasonPhrase}";
                    throw new NodeUnreachableException(answered + Refusal(response.StatusCode, address, token != null, wording), answered: true);
                }

                return await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new NodeUnreachableException($"{what} got no answer within {timeout.TotalSeconds:0.###} s. {NoAnswer(address)} {wording.LongerTimeout}", answered: false);
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
        private static string Refusal(HttpStatusCode status, string address, bool sentToken, Wording wording)
        {
            var attach = wording.WithToken(address);
            switch (status)
            {
                case HttpStatusCode.Unauthorized:
                    return sentToken
                        ? $": the token it was {wording.Given} with is not the one it was started with (its COVERWEAVER_TOKEN); " + attach
                        : $": it needs a token, and it was {wording.Given} without one; " + attach;
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

        /// <summary>
        /// How the messages speak: a node attached with <c>Cover.Start</c> and a URL given to the
        /// <c>coverweaver</c> tool fail alike, but their fixes are written differently.
        /// </summary>
        public sealed class Wording
        {
            public static readonly Wording Node = new Wording(
                "Node",
                "attached",
                address => $"attach it with its token: Cover.Start(new CoverNodeOptions(\"{address}\") {{ Token = ... }}).",
                "Or give it a longer CoverNodeOptions.Timeout.");

            public Wording(string subject, string given, Func<string, string> withToken, string longerTimeout)
            {
                Subject = subject;
                Given = given;
                WithToken = withToken;
                LongerTimeout = longerTimeout;
            }

            /// <summary>What the endpoint is called at the start of a message: "Node", "Endpoint".</summary>
            public string Subject { get; }

            /// <summary>The verb for how the token reached the request: "attached", "called".</summary>
            public string Given { get; }

            /// <summary>The fix for a refusal: how to give the endpoint its token, for an address.</summary>
            public Func<string, string> WithToken { get; }

            /// <summary>The fix for a slow endpoint.</summary>
            public string LongerTimeout { get; }
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
