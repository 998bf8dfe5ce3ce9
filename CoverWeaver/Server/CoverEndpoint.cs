using System;
using System.Collections.Generic;
using System.Text;
using CoverWeaver.Data;
using CoverWeaver.Runtime;
using CoverWeaver.Report;

namespace CoverWeaver.Server
{
    /// <summary>
    /// The live coverage protocol, independent of any transport: <see cref="Handle"/> turns a
    /// request into a response and never throws. <see cref="CoverServer"/> serves it over its own
    /// small HTTP listener; a web framework can serve it by mapping its requests onto
    /// <see cref="CoverRequest"/>.
    /// </summary>
    /// <remarks>
    /// Routes: <c>GET /health</c>, <c>GET /summary</c>, <c>GET /snapshot</c>,
    /// <c>POST /snapshot[?reset=true]</c>, <c>POST /reset</c>, <c>GET /lcov</c>, <c>GET /builds</c>.
    /// <c>HEAD</c> is answered wherever <c>GET</c> is, with GET's response: the transport sends its
    /// status and headers, <c>Content-Length</c> of the body included, and leaves the body out.
    /// With a token, every request must carry <c>Authorization: Bearer &lt;token&gt;</c> (401
    /// otherwise). Without one, only loopback clients are answered and POST is refused (403),
    /// since it changes the counters.
    /// </remarks>
    public sealed class CoverEndpoint
    {
        /// <summary>The media type of <c>/snapshot</c>: the bytes <see cref="Cover.Export"/> writes.</summary>
        public const string SnapshotContentType = "application/vnd.coverweaver.coverage";

        /// <summary>The largest request body accepted; no route reads one, so it is small.</summary>
        public const int MaxBodyBytes = 4096;

        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        private readonly BearerToken? _token;

        /// <summary>An endpoint that requires <paramref name="token"/> of every request, or none when null.</summary>
        /// <param name="token">The shared secret, visible ASCII without spaces; null for none.</param>
        /// <exception cref="ArgumentException">The token is empty or holds whitespace or control characters.</exception>
        public CoverEndpoint(string? token = null)
        {
            _token = BearerToken.From(token);
        }

        /// <summary>Whether requests must carry a token.</summary>
        public bool RequiresToken => _token != null;

        /// <summary>Answers one request. Never throws: a failure is a 500 response saying what went wrong.</summary>
        public CoverResponse Handle(CoverRequest request)
        {
            try
            {
                return Route(request ?? throw new ArgumentNullException(nameof(request)));
            }
            catch (Exception e)
            {
                return CoverResponse.Text(500, "CoverWeaver could not answer: " + e.Message);
            }
        }

        private CoverResponse Route(CoverRequest request)
        {
            if (_token != null)
            {
                request.Headers.TryGetValue("Authorization", out var authorization);
                if (!_token.Accepts(authorization))
                {
                    return CoverResponse.Text(401, "This endpoint needs Authorization: Bearer <token>, the token it was started with (COVERWEAVER_TOKEN).",
                        new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer realm=\"coverweaver\"" });
                }
            }
            else if (!request.IsLoopback)
            {
                // A framework may mount the endpoint on a public address; without a secret, only this machine is trusted.
                return NeedsToken("Without a token this endpoint answers only clients on this machine.");
            }

            if (request.Body.Length > MaxBodyBytes)
            {
                return CoverResponse.Text(413, $"No route takes a body; at most {MaxBodyBytes} bytes are accepted.");
            }

            switch (request.Path)
            {
                case "/health":
                    return Get(request) ?? CoverResponse.Json(CoverContent.Health());
                case "/summary":
                    return Get(request) ?? CoverResponse.Json(CoverContent.Summary());
                case "/builds":
                    return Get(request) ?? CoverResponse.Json(CoverContent.Builds());
                case "/lcov":
                    return Get(request) ?? new CoverResponse(200, "text/plain; charset=utf-8", Utf8.GetBytes(Lcov.Write(Snapshots.Take(reset: false))));
                case "/snapshot":
                    return Snapshot(request);
                case "/reset":
                    return Post(request) ?? Reset();
                default:
                    return CoverResponse.Text(404, $"No such route: {request.Path}. Routes: /health /summary /snapshot /reset /lcov /builds.");
            }
        }

        private CoverResponse Snapshot(CoverRequest request)
        {
            var isGet = IsGet(request);
            if (!isGet && request.Method != "POST")
            {
                return WrongMethod(request, "GET, HEAD, POST");
            }

            if (!QueryString.TryGet(request.Query, "reset", out var resetText))
            {
                return CoverResponse.Text(400, "The query string is not valid percent-encoding.");
            }

            bool reset;
            switch (resetText)
            {
                case null:
                case "false":
                    reset = false;
                    break;
                case "true":
                    reset = true;
                    break;
                default:
                    return CoverResponse.Text(400, $"reset must be true or false, not '{resetText}'.");
            }

            if (reset && isGet)
            {
                // GET must not change anything: a crawler or a prefetch would zero the counters.
                return WrongMethod(request, "POST", " with reset=true");
            }

            if (!isGet && _token == null)
            {
                return NeedsToken("POST may reset the counters, so it needs a token.");
            }

            return new CoverResponse(200, SnapshotContentType, Snapshots.Encode(reset));
        }

        private static CoverResponse Reset()
        {
            // This process's counters only: a process serving its coverage is not a collector of nodes.
            Runtime.Registry.ResetAll();
            return new CoverResponse(204, null, new byte[0]);
        }

        private static CoverResponse? Get(CoverRequest request) => IsGet(request) ? null : WrongMethod(request, "GET, HEAD");

        /// <summary>GET or HEAD: HTTP requires HEAD wherever GET is served, and it reads the same.</summary>
        private static bool IsGet(CoverRequest request) => request.Method == "GET" || request.Method == "HEAD";

        private CoverResponse? Post(CoverRequest request)
        {
            if (request.Method != "POST")
            {
                return WrongMethod(request, "POST");
            }

            return _token == null ? NeedsToken("POST changes the counters, so it needs a token.") : null;
        }

        private static CoverResponse WrongMethod(CoverRequest request, string allowed, string detail = "") =>
            CoverResponse.Text(405, $"{request.Path}{detail} takes {allowed}, not {request.Method}.",
                new Dictionary<string, string> { ["Allow"] = allowed });

        private static CoverResponse NeedsToken(string why) =>
            CoverResponse.Text(403, why + " Set COVERWEAVER_TOKEN (or pass a token to CoverServer.Start) and send Authorization: Bearer <token>.");
    }
}
