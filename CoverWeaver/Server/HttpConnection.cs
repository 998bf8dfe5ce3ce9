using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CoverWeaver.Server
{
    /// <summary>
    /// One connection, one request, one response, then close: reads the request within the
    /// limits, asks the endpoint, writes the answer. Asynchronous, so a slow client holds no thread.
    /// </summary>
    internal static class HttpConnection
    {
        private const int DrainBytes = 64 * 1024;
        private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(1);

        /// <summary>Serves the connection and closes it. Never throws.</summary>
        public static async Task ServeAsync(Socket socket, CoverEndpoint endpoint, ServerLimits limits)
        {
            try
            {
                var answer = await AnswerAsync(socket, endpoint, limits).ConfigureAwait(false);
                if (answer != null)
                {
                    await RespondAsync(socket, answer.Value.Response, answer.Value.WithBody, limits).ConfigureAwait(false);
                }
            }
            catch (Exception)
            {
                // A client that vanished or misbehaved; nothing of it may reach the host.
            }
            finally
            {
                socket.Dispose();
            }
        }

        /// <summary>Answers without reading the request, then closes. Never throws.</summary>
        public static async Task RefuseAsync(Socket socket, CoverResponse response, ServerLimits limits)
        {
            try
            {
                await RespondAsync(socket, response, withBody: true, limits).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A client that vanished or misbehaved; nothing of it may reach the host.
            }
            finally
            {
                socket.Dispose();
            }
        }

        private static async Task RespondAsync(Socket socket, CoverResponse response, bool withBody, ServerLimits limits)
        {
            await SendAsync(socket, Serialize(response, withBody), limits.ResponseTimeout).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            // Closing with unread request bytes would reset the connection, and the client could
            // lose the response it has not read yet: read what it still sends, briefly.
            await DrainAsync(socket).ConfigureAwait(false);
        }

        /// <summary>
        /// The response to send and whether its body goes with it (not for HEAD), or null when the
        /// client closed before sending anything.
        /// </summary>
        private static async Task<(CoverResponse Response, bool WithBody)?> AnswerAsync(Socket socket, CoverEndpoint endpoint, ServerLimits limits)
        {
            var clock = Stopwatch.StartNew();
            var buffer = new byte[limits.MaxHeaderBytes];
            var filled = 0;
            int headEnd;
            while ((headEnd = HttpRequestParser.FindHeadEnd(buffer, filled)) < 0)
            {
                if (filled == buffer.Length)
                {
                    return (CoverResponse.Text(431, $"The request line and headers exceed {limits.MaxHeaderBytes} bytes."), true);
                }

                var read = await ReceiveAsync(socket, buffer, filled, buffer.Length - filled, limits.RequestTimeout - clock.Elapsed).ConfigureAwait(false);
                if (read < 0)
                {
                    return (TimedOut(limits), true);
                }

                if (read == 0)
                {
                    if (filled == 0)
                    {
                        return null;
                    }

                    return (CoverResponse.Text(400, "The connection closed before the request was complete."), true);
                }

                filled += read;
            }

            var head = HttpRequestParser.Parse(buffer, headEnd, limits);
            if (head.Status != 0)
            {
                return (CoverResponse.Text(head.Status, head.Message), true);
            }

            // The endpoint answers HEAD as GET; HTTP wants the same head, GET's Content-Length included, and no body.
            var withBody = head.Method != "HEAD";
            var body = new byte[head.BodyLength];
            var have = Math.Min(filled - headEnd, body.Length);
            Buffer.BlockCopy(buffer, headEnd, body, 0, have);
            while (have < body.Length)
            {
                var read = await ReceiveAsync(socket, body, have, body.Length - have, limits.RequestTimeout - clock.Elapsed).ConfigureAwait(false);
                if (read < 0)
                {
                    return (TimedOut(limits), withBody);
                }

                if (read == 0)
                {
                    return (CoverResponse.Text(400, "The connection closed before the body was complete."), withBody);
                }

                have += read;
            }

            var request = new CoverRequest(head.Method, head.Path, head.Query, head.Headers, body, IsLoopback(socket.RemoteEndPoint));
            return (endpoint.Handle(request), withBody);
        }

        private static CoverResponse TimedOut(ServerLimits limits) =>
            CoverResponse.Text(408, $"The request did not arrive within {limits.RequestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");

        private static bool IsLoopback(EndPoint? remote)
        {
            if (!(remote is IPEndPoint ip))
            {
                return false;
            }

            var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
            return IPAddress.IsLoopback(address);
        }

        /// <summary>Bytes read, 0 at the end of the stream, or -1 when <paramref name="timeout"/> passed first.</summary>
        private static async Task<int> ReceiveAsync(Socket socket, byte[] buffer, int offset, int count, TimeSpan timeout)
        {
            if (timeout <= TimeSpan.Zero)
            {
                return -1;
            }

            var receive = socket.ReceiveAsync(new ArraySegment<byte>(buffer, offset, count), SocketFlags.None);
            return await InTime(receive, timeout).ConfigureAwait(false) ? await receive.ConfigureAwait(false) : -1;
        }

        private static async Task SendAsync(Socket socket, byte[] bytes, TimeSpan timeout)
        {
            var clock = Stopwatch.StartNew();
            var sent = 0;
            while (sent < bytes.Length)
            {
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException("The client did not read the response in time.");
                }

                var send = socket.SendAsync(new ArraySegment<byte>(bytes, sent, bytes.Length - sent), SocketFlags.None);
                if (!await InTime(send, left).ConfigureAwait(false))
                {
                    throw new TimeoutException("The client did not read the response in time.");
                }

                sent += await send.ConfigureAwait(false);
            }
        }

        /// <summary>Whether <paramref name="operation"/> finished within <paramref name="timeout"/>.</summary>
        private static async Task<bool> InTime(Task<int> operation, TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource();
            if (await Task.WhenAny(operation, Task.Delay(timeout, cancel.Token)).ConfigureAwait(false) == operation)
            {
                // Stop the timer now rather than leave one per read until it fires.
                cancel.Cancel();
                return true;
            }

            // The operation stays pending until the socket is closed; observe its fault then.
            _ = operation.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return false;
        }

        private static async Task DrainAsync(Socket socket)
        {
            var clock = Stopwatch.StartNew();
            var scratch = new byte[4096];
            var total = 0;
            while (total < DrainBytes)
            {
                var read = await ReceiveAsync(socket, scratch, 0, scratch.Length, DrainTime - clock.Elapsed).ConfigureAwait(false);
                if (read <= 0)
                {
                    return;
                }

                total += read;
            }
        }

        /// <summary>The response as sent; <paramref name="withBody"/> false sends the head alone, as HEAD requires.</summary>
        internal static byte[] Serialize(CoverResponse response, bool withBody = true)
        {
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(response.StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(response.StatusCode)).Append("\r\n");
            if (response.StatusCode != 204)
            {
                if (response.ContentType != null)
                {
                    head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
                }

                head.Append("Content-Length: ").Append(response.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }

            foreach (var header in response.Headers)
            {
                head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
            }

            // Counts change from one moment to the next: nothing here may be cached.
            head.Append("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n");
            var headBytes = Encoding.ASCII.GetBytes(head.ToString());
            var body = response.StatusCode == 204 || !withBody ? new byte[0] : response.Body;
            var all = new byte[headBytes.Length + body.Length];
            Buffer.BlockCopy(headBytes, 0, all, 0, headBytes.Length);
            Buffer.BlockCopy(body, 0, all, headBytes.Length, body.Length);
            return all;
        }

        private static string Reason(int status)
        {
            switch (status)
            {
                case 200: return "OK";
                case 204: return "No Content";
                case 400: return "Bad Request";
                case 401: return "Unauthorized";
                case 403: return "Forbidden";
                case 404: return "Not Found";
                case 405: return "Method Not Allowed";
                case 408: return "Request Timeout";
                case 413: return "Content Too Large";
                case 431: return "Request Header Fields Too Large";
                case 500: return "Internal Server Error";
                case 503: return "Service Unavailable";
                default: return "Status";
            }
        }
    }
}
