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
        /// <summary>
        /// Serves the coverage endpoint under <paramref name="prefix"/>: <c>GET {prefix}/summary</c>,
        /// <c>/snapshot</c>, <c>/lcov</c>, <c>/builds</c>, <c>/health</c>, and with a token
        /// <c>POST {prefix}/reset</c> and <c>POST {prefix}/snapshot?reset=true</c>, exactly as the
        /// runtime's own server does. Without a token only loopback clients are answered and POST is
        /// refused; with one, every request needs <c>Authorization: Bearer &lt;token&gt;</c>.
        /// </summary>
        /// <param name="endpoints">The app's route builder.</param>
        /// <param name="prefix">Where to mount, e.g. <c>/cover</c>.</param>
        /// <param name="token">The bearer token; by default <c>COVERWEAVER_TOKEN</c> from the environment, if set.</param>
        public static IEndpointConventionBuilder MapCoverWeaver(this IEndpointRouteBuilder endpoints, string prefix = "/cover", string? token = null)
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
            var remote = context.Connection.RemoteIpAddress;
            return new CoverRequest(context.Request.Method, path, query, headers, body, remote == null || IPAddress.IsLoopback(remote));
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
