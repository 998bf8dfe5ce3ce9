using System.Collections.Generic;
using System.Text;

namespace CoverWeaver.Server
{
    /// <summary>The endpoint's answer to a <see cref="CoverRequest"/>, for any transport to send.</summary>
    public sealed class CoverResponse
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>Makes a response.</summary>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="contentType">The media type of the body; null when there is no body (204).</param>
        /// <param name="body">The body bytes.</param>
        /// <param name="headers">Further headers to send, such as <c>Allow</c> or <c>WWW-Authenticate</c>; null for none.</param>
        public CoverResponse(int statusCode, string? contentType, byte[] body, IReadOnlyDictionary<string, string>? headers = null)
        {
            StatusCode = statusCode;
            ContentType = contentType;
            Body = body;
            Headers = headers ?? new Dictionary<string, string>();
        }

        /// <summary>The HTTP status code.</summary>
        public int StatusCode { get; }

        /// <summary>The media type of <see cref="Body"/>; null when there is none.</summary>
        public string? ContentType { get; }

        /// <summary>The body bytes; empty for none.</summary>
        public byte[] Body { get; }

        /// <summary>Headers to send besides the content type and length.</summary>
        public IReadOnlyDictionary<string, string> Headers { get; }

        internal static CoverResponse Text(int status, string message, IReadOnlyDictionary<string, string>? headers = null) =>
            new CoverResponse(status, "text/plain; charset=utf-8", Utf8.GetBytes(message + "\n"), headers);

        internal static CoverResponse Json(string json) => new CoverResponse(200, "application/json", Utf8.GetBytes(json));
    }
}
