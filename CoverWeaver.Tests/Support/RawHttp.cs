using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Speaks HTTP to a test server over a bare socket, so tests can send exactly the bytes they
    /// mean, malformed ones included, and see exactly what comes back before the server closes.
    /// </summary>
    internal static class RawHttp
    {
        public static RawResponse Get(int port, string path, string? token = null) => Request(port, "GET", path, token);

        public static RawResponse Post(int port, string path, string? token = null) => Request(port, "POST", path, token);

        public static RawResponse Head(int port, string path, string? token = null) => Request(port, "HEAD", path, token);

        public static RawResponse Request(int port, string method, string path, string? token = null)
        {
            var auth = token == null ? "" : $"Authorization: Bearer {token}\r\n";
            return Send(port, Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}Content-Length: 0\r\n\r\n"), headOnly: method == "HEAD");
        }

        /// <summary>Sends the bytes, then reads until the server closes the connection.</summary>
        /// <param name="headOnly">The request was HEAD: Content-Length describes the body a GET would have, not what follows.</param>
        public static RawResponse Send(int port, byte[] request, bool headOnly = false)
        {
            using var socket = Connect(port);
            socket.Send(request);
            return ReadResponse(socket, headOnly);
        }

        public static Socket Connect(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 20_000, NoDelay = true };
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }

        public static RawResponse ReadResponse(Socket socket, bool headOnly = false)
        {
            var all = new List<byte>();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = socket.Receive(buffer)) > 0)
            {
                all.AddRange(new ArraySegment<byte>(buffer, 0, read));
            }

            return RawResponse.Parse(all.ToArray(), headOnly);
        }
    }

    /// <summary>A response as read off the wire.</summary>
    internal sealed class RawResponse
    {
        private RawResponse(int status, Dictionary<string, string> headers, byte[] body)
        {
            Status = status;
            Headers = headers;
            Body = body;
        }

        public int Status { get; }

        public Dictionary<string, string> Headers { get; }

        public byte[] Body { get; }

        public string Text => Encoding.UTF8.GetString(Body);

        public string? ContentType => Headers.TryGetValue("Content-Type", out var type) ? type : null;

        /// <summary>Reads a response; for one to HEAD (<paramref name="headOnly"/>) whatever follows the head is kept as the body, unchecked, for the test to see.</summary>
        public static RawResponse Parse(byte[] bytes, bool headOnly = false)
        {
            var text = Encoding.ASCII.GetString(bytes);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd < 0)
            {
                throw new InvalidOperationException($"No complete response head in {bytes.Length} bytes: '{text}'");
            }

            var lines = text.Substring(0, headEnd).Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1]);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 1; i < lines.Length; i++)
            {
                var colon = lines[i].IndexOf(':');
                headers[lines[i].Substring(0, colon)] = lines[i].Substring(colon + 1).Trim();
            }

            var body = bytes.AsSpan(headEnd + 4).ToArray();
            if (!headOnly && headers.TryGetValue("Content-Length", out var length) && int.Parse(length) != body.Length)
            {
                throw new InvalidOperationException($"Content-Length {length} but {body.Length} body bytes arrived.");
            }

            return new RawResponse(status, headers, body);
        }

        public override string ToString() => $"{Status} {ContentType}: {Text}";
    }
}
