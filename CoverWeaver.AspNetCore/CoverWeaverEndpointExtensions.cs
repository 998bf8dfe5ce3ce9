using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using CoverWeaver.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoverWeaver.AspNetCore
{
    /// <summary>Mounts CoverWeaver's live coverage endpoint in an ASP.NET Core app.</summary>
    public static class CoverWeaverEndpointExtensions
    {
        /// <summary>Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever its connection's address.</summary>
        private static readonly string[] ProxyHeaders = { "Forwarded", "X-Forwarded-For", "X-Real-IP" };

        /// <summary>
        /// Serves the coverage endpoint under <paramref name="prefix"/>: <c>GET {prefix}/summary</c>,
        /// <c>/snapshot</c>, <c>/lcov</c>, <c>/builds</c>, <c>/health</c> (and <c>HEAD</c> of each),
        /// <c>POST {prefix}/reset</c> and <c>POST {prefix}/snapshot?reset=true</c>, exactly as the
        /// runtime's own server does. Every request needs <c>Authorization: Bearer &lt;token&gt;</c>.
        /// </summary>
        /// <remarks>
        /// A token is required by default because the app's server may sit behind a reverse proxy on
        /// the same machine, and then every client connects from 127.0.0.1: trusting loopback would
        /// make the counters public. An app reachable from this machine alone may opt out with
        /// <paramref name="allowLoopbackWithoutToken"/>; then, without a token, only clients that are
        /// on this machine are answered and POST is refused. A request counts as local only when its
        /// remote address is known and loopback and it carries no sign of a proxy
        /// (<c>Forwarded</c>, <c>X-Forwarded-For</c>, <c>X-Real-IP</c>).
        /// </remarks>
        /// <param name="endpoints">The app's route builder.</param>
        /// <param name="prefix">Where to mount, e.g. <c>/cover</c>.</param>
        /// <param name="token">The bearer token; by default <c>COVERWEAVER_TOKEN</c> from the environment, if set.</param>
        /// <param name="allowLoopbackWithoutToken">
        /// When there is no token, serve reads to local clients instead of refusing to start. Only for
        /// an app with no proxy in front of it; ignored when there is a token.
        /// </param>
        /// <exception cref="ArgumentException">The prefix does not start with <c>/</c>, or the token is empty or not visible ASCII.</exception>
        /// <exception cref="InvalidOperationException">There is no token (argument or <c>COVERWEAVER_TOKEN</c>) and <paramref name="allowLoopbackWithoutToken"/> is false.</exception>
        public static IEndpointConventionBuilder MapCoverWeaver(this IEndpointRouteBuilder endpoints, string prefix = "/cover", string? token = null, bool allowLoopbackWithoutToken = false)
        {
            if (endpoints == null)
            {
                throw new ArgumentNullException(nameof(endpoints));
            }

            if (string.IsNullOrEmpty(prefix) || prefix[0] != '/')
            {
                throw new ArgumentException($"The prefix '{prefix}' must start with '/'.", nameof(prefix));
            }

            token ??= NonEmpty(Environment.GetEnvironmentVariable("COVERWEAVER_TOKEN"));
            if (token == null && !allowLoopbackWithoutToken)
            {
                throw new InvalidOperationException(
                    $"MapCoverWeaver(\"{prefix}\") needs a token: set COVERWEAVER_TOKEN or pass one, MapCoverWeaver(\"{prefix}\", token), and have clients send " +
                    "Authorization: Bearer <token>. Without one the only sign of a local client is a loopback address, which every client has behind a reverse proxy " +
                    $"on this machine. If no proxy is in front of the app and it is reachable from this machine alone, opt out with MapCoverWeaver(\"{prefix}\", allowLoopbackWithoutToken: true).");
            }

            var endpoint = new CoverEndpoint(token);
            return endpoints.Map(prefix.TrimEnd('/') + "/{**path}", context => Serve(endpoint, context));
        }

        private static async Task Serve(CoverEndpoint endpoint, HttpContext context)
        {
            var request = await ToCoverRequest(context).ConfigureAwait(false);
            var response = endpoint.Handle(request);
            context.Response.StatusCode = response.StatusCode;
            if (response.ContentType != null)
            {
                context.Response.ContentType = response.ContentType;
            }

            foreach (var header in response.Headers.Where(h => !string.Equals(h.Key, "Connection", StringComparison.OrdinalIgnoreCase)))
            {
                context.Response.Headers[header.Key] = header.Value;
            }

            if (response.StatusCode == StatusCodes.Status204NoContent)
            {
                return;
            }

            // Stated, not chunked, so that HEAD, which has no body to measure, says what GET would send.
            context.Response.ContentLength = response.Body.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }

        private static async Task<CoverRequest> ToCoverRequest(HttpContext context)
        {
            var path = "/" + (context.Request.RouteValues["path"] as string ?? "");
            var query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value!.TrimStart('?') : null;
            var headers = context.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
            var body = await ReadBody(context.Request).ConfigureAwait(false);
            return new CoverRequest(context.Request.Method, path, query, headers, body, IsLocal(context));
        }

        /// <summary>
        /// Whether the client is on this machine: the connection is from a loopback address and no
        /// proxy says it forwarded it. An unknown address proves nothing, so it is not local.
        /// </summary>
        private static bool IsLocal(HttpContext context)
        {
            var remote = context.Connection.RemoteIpAddress;
            if (remote == null)
            {
                return false;
            }

            var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
            return IPAddress.IsLoopback(address) && !ProxyHeaders.Any(context.Request.Headers.ContainsKey);
        }

        /// <summary>Reads at most one byte past the endpoint's limit, so an oversized body is refused without being read whole.</summary>
        private static async Task<byte[]> ReadBody(HttpRequest request)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[1024];
            int read;
            while (buffer.Length <= CoverEndpoint.MaxBodyBytes && (read = await request.Body.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
