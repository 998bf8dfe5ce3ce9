using System;
using CoverWeaver.Server;
using Microsoft.AspNetCore.Http;

namespace CoverWeaver.Center.Api
{
    /// <summary>
    /// Who may change the center. It listens on loopback only, so without a token every local
    /// client may write; with one, every write needs <c>Authorization: Bearer &lt;token&gt;</c>. A
    /// write sent by a web page of another site (an <c>Origin</c> that is not the center's own) is
    /// refused either way: a browser would otherwise let any page it shows post to localhost.
    /// </summary>
    internal sealed class WriteGuard
    {
        private readonly BearerToken? _token;

        public WriteGuard(string? token)
        {
            _token = BearerToken.From(token);
        }

        public bool RequiresToken => _token != null;

        /// <summary>Null when the request may write; otherwise the answer refusing it.</summary>
        public IResult? Refusal(HttpRequest request)
        {
            var origin = request.Headers.Origin.ToString();
            if (origin.Length > 0 && !SameOrigin(origin, request))
            {
                return Answers.Problem(403, $"Writes from a page of another site ({origin}) are refused.");
            }

            if (_token != null && !_token.Accepts(request.Headers.Authorization.ToString()))
            {
                return Answers.Problem(401, "This center was started with --token: send Authorization: Bearer <token> with every write.");
            }

            var remote = request.HttpContext.Connection.RemoteIpAddress;
            if (_token == null && (remote == null || !System.Net.IPAddress.IsLoopback(remote)))
            {
                return Answers.Problem(403, "Without --token this center takes writes from this machine only.");
            }

            return null;
        }

        private static bool SameOrigin(string origin, HttpRequest request) =>
            Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
