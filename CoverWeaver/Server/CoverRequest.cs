using System;
using System.Collections.Generic;

namespace CoverWeaver.Server
{
    /// <summary>
    /// One request to the coverage endpoint, independent of the transport that received it: the
    /// built-in <see cref="CoverServer"/> makes these from raw HTTP, and a web framework can make
    /// them from its own requests to serve the same protocol.
    /// </summary>
    public sealed class CoverRequest
    {
        private static readonly byte[] NoBody = new byte[0];

        /// <summary>Makes a request.</summary>
        /// <param name="method">The HTTP method, as sent (<c>GET</c>, <c>POST</c>).</param>
        /// <param name="path">The path relative to where the endpoint is mounted, starting with <c>/</c>, e.g. <c>/summary</c>.</param>
        /// <param name="query">The query string without its <c>?</c>, percent-encoded as sent; null or empty for none.</param>
        /// <param name="headers">The request headers; names are matched ignoring case. A repeated header is one entry, its values joined with commas.</param>
        /// <param name="body">The request body; null for none.</param>
        /// <param name="isLoopback">Whether the client connected from this machine's loopback address. Without a token the endpoint answers only such clients.</param>
        public CoverRequest(string method, string path, string? query, IEnumerable<KeyValuePair<string, string>>? headers, byte[]? body, bool isLoopback)
        {
            Method = method ?? throw new ArgumentNullException(nameof(method));
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Query = query ?? "";
            var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (headers != null)
            {
                foreach (var header in headers)
                {
                    all[header.Key] = all.TryGetValue(header.Key, out var earlier) ? earlier + "," + header.Value : header.Value;
                }
            }

            Headers = all;
            Body = body ?? NoBody;
            IsLoopback = isLoopback;
        }

        /// <summary>The HTTP method.</summary>
        public string Method { get; }

        /// <summary>The path relative to the mount point, starting with <c>/</c>.</summary>
        public string Path { get; }

        /// <summary>The raw query string without its <c>?</c>; empty for none.</summary>
        public string Query { get; }

        /// <summary>The request headers, names compared ignoring case.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        /// <summary>The request body; empty for none.</summary>
        public byte[] Body { get; }

        /// <summary>Whether the client is on this machine's loopback interface.</summary>
        public bool IsLoopback { get; }
    }
}
