using System.Collections.Generic;
using System.Globalization;

namespace CoverWeaver.Server
{
    /// <summary>
    /// Parses an HTTP/1.x request head strictly: anything this server does not need (chunked
    /// bodies, absolute targets, folded headers) is refused rather than guessed at.
    /// </summary>
    internal static class HttpRequestParser
    {
        /// <summary>Where the head ends (after its blank line) in the bytes read so far, or -1. Bare LF line ends are accepted.</summary>
        public static int FindHeadEnd(byte[] buffer, int length)
        {
            for (var i = 0; i < length; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }

                if (i + 1 < length && buffer[i + 1] == (byte)'\n')
                {
                    return i + 2;
                }

                if (i + 2 < length && buffer[i + 1] == (byte)'\r' && buffer[i + 2] == (byte)'\n')
                {
                    return i + 3;
                }
            }

            return -1;
        }

        /// <summary>The parsed head, or the status and message to refuse it with.</summary>
        public static Head Parse(byte[] buffer, int length, ServerLimits limits)
        {
            // Header bytes are Latin-1 by the RFC; non-ASCII only ever appears in values we ignore.
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = (char)buffer[i];
            }

            var lines = new string(chars).Split('\n');
            var requestLine = TrimCr(lines[0]);
            var parts = requestLine.Split(' ');
            if (parts.Length != 3 || !IsToken(parts[0]) || !IsTarget(parts[1]))
            {
                return Head.Refuse(400, "The request line must be METHOD /path HTTP/1.1.");
            }

            if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")
            {
                return Head.Refuse(400, "Only HTTP/1.1 and HTTP/1.0 are spoken here.");
            }

            var headers = new List<KeyValuePair<string, string>>();
            string? contentLength = null;
            var hosts = 0;
            // The last line is what follows the blank line's LF: empty. The one before it is the blank line.
            for (var i = 1; i < lines.Length - 2; i++)
            {
                var line = TrimCr(lines[i]);
                var colon = line.IndexOf(':');
                if (colon <= 0 || !IsToken(line.Substring(0, colon)))
                {
                    return Head.Refuse(400, "A header line must be Name: value (folded headers are not accepted).");
                }

                var name = line.Substring(0, colon);
                var value = line.Substring(colon + 1).Trim(' ', '\t');
                if (!IsFieldValue(value))
                {
                    return Head.Refuse(400, $"The {name} header holds control characters.");
                }

                if (headers.Count == limits.MaxHeaderCount)
                {
                    return Head.Refuse(431, $"More than {limits.MaxHeaderCount} headers.");
                }

                if (Is(name, "Transfer-Encoding"))
                {
                    return Head.Refuse(400, "Transfer-Encoding is not accepted; send a Content-Length (no route takes a body).");
                }

                if (Is(name, "Content-Length"))
                {
                    if (contentLength != null && contentLength != value)
                    {
                        return Head.Refuse(400, "Conflicting Content-Length headers.");
                    }

                    contentLength = value;
                }

                hosts += Is(name, "Host") ? 1 : 0;
                headers.Add(new KeyValuePair<string, string>(name, value));
            }

            if (parts[2] == "HTTP/1.1" && hosts != 1)
            {
                return Head.Refuse(400, "An HTTP/1.1 request needs exactly one Host header.");
            }

            var bodyLength = 0L;
            if (contentLength != null)
            {
                if (contentLength.Length == 0 || contentLength.Length > 18 ||
                    !long.TryParse(contentLength, NumberStyles.None, CultureInfo.InvariantCulture, out bodyLength))
                {
                    return Head.Refuse(400, "Content-Length must be a number of bytes.");
                }

                if (bodyLength > limits.MaxBodyBytes)
                {
                    return Head.Refuse(413, $"No route takes a body; at most {limits.MaxBodyBytes} bytes are accepted.");
                }
            }

            var target = parts[1];
            var question = target.IndexOf('?');
            return new Head(
                parts[0],
                question < 0 ? target : target.Substring(0, question),
                question < 0 ? "" : target.Substring(question + 1),
                headers,
                (int)bodyLength);
        }

        private static string TrimCr(string line) => line.EndsWith("\r", System.StringComparison.Ordinal) ? line.Substring(0, line.Length - 1) : line;

        private static bool Is(string name, string expected) => string.Equals(name, expected, System.StringComparison.OrdinalIgnoreCase);

        private static bool IsToken(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            foreach (var c in text)
            {
                var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Origin form only (<c>/path?query</c>), visible ASCII, no fragment.</summary>
        private static bool IsTarget(string text)
        {
            if (text.Length == 0 || text[0] != '/')
            {
                return false;
            }

            foreach (var c in text)
            {
                if (c <= ' ' || c >= 0x7F || c == '#')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsFieldValue(string text)
        {
            foreach (var c in text)
            {
                if ((c < ' ' && c != '\t') || c == 0x7F)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A request head, or a refusal of it.</summary>
        internal sealed class Head
        {
            public Head(string method, string path, string query, List<KeyValuePair<string, string>> headers, int bodyLength)
            {
                Method = method;
                Path = path;
                Query = query;
                Headers = headers;
                BodyLength = bodyLength;
            }

            private Head(int status, string message)
                : this("", "", "", new List<KeyValuePair<string, string>>(), 0)
            {
                Status = status;
                Message = message;
            }

            /// <summary>0 for a request to serve; otherwise the status to refuse it with.</summary>
            public int Status { get; }

            public string Message { get; } = "";

            public string Method { get; }

            public string Path { get; }

            public string Query { get; }

            public List<KeyValuePair<string, string>> Headers { get; }

            public int BodyLength { get; }

            public static Head Refuse(int status, string message) => new Head(status, message);
        }
    }
}
