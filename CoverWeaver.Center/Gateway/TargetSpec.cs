using System;

namespace CoverWeaver.Center.Gateway
{
    /// <summary>
    /// One process to pull: the service it belongs to, its coverage endpoint's base URL, the token
    /// it was started with (never shown anywhere), and optionally the directory it keeps counter
    /// files in (its <c>COVERWEAVER_DATA</c>), from which what a killed process counted after its
    /// last pull is read.
    /// </summary>
    internal sealed record TargetSpec(string Service, string Url, string? Token, string? DataDirectory, string Origin)
    {
        /// <summary>A URL without its trailing slash, the form targets are known by.</summary>
        public static string Normalize(string url) => url.Trim().TrimEnd('/');

        /// <summary>Null when <paramref name="url"/> can be pulled; otherwise what is wrong with it.</summary>
        public static string? UrlProblem(string url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Query.Length == 0
                ? null
                : $"'{url}' is not the http(s) base URL of a coverage endpoint (e.g. http://127.0.0.1:9464).";

        /// <summary>Null when <paramref name="service"/> can name a service; otherwise what is wrong with it.</summary>
        public static string? ServiceProblem(string? service)
        {
            if (string.IsNullOrWhiteSpace(service))
            {
                return "A service name is required.";
            }

            foreach (var c in service)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.'))
                {
                    return $"'{service}' is not a service name: use letters, digits, '-', '_' and '.'.";
                }
            }

            return service.Length > 100 ? "A service name has at most 100 characters." : null;
        }
    }
}
