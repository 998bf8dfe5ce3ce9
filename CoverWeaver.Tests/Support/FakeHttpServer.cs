using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// A minimal HTTP server on 127.0.0.1 for the node and push tests: answers with a handler,
    /// records what it received, and can go away (connections refused) and come back on its port.
    /// </summary>
    internal sealed class FakeHttpServer : IDisposable
    {
        private readonly Func<Received, (int Status, string ContentType, byte[] Body)> _handler;
        private readonly List<Received> _received = new List<Received>();
        private HttpListener? _listener;

        public FakeHttpServer(Func<Received, (int Status, string ContentType, byte[] Body)> handler)
        {
            _handler = handler;
            Port = FreePort();
            Up();
        }

        public int Port { get; }

        public string BaseAddress => $"http://127.0.0.1:{Port}";

        /// <summary>Every request received so far, in order.</summary>
        public List<Received> Received
        {
            get
            {
                lock (_received)
                {
                    return new List<Received>(_received);
                }
            }
        }

        /// <summary>Starts answering again on the same port.</summary>
        public void Up()
        {
            var listener = new HttpListener();
            listener.Prefixes.Add(BaseAddress + "/");
            listener.Start();
            _listener = listener;
            _ = Task.Run(() => Serve(listener));
        }

        /// <summary>Stops listening: from now on connections are refused.</summary>
        public void Down()
        {
            var listener = _listener;
            _listener = null;
            listener?.Close();
        }

        public void Dispose() => Down();

        private async Task Serve(HttpListener listener)
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    return;
                }

                try
                {
                    using var body = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(body);
                    var received = new Received(
                        context.Request.HttpMethod,
                        context.Request.Url!.PathAndQuery,
                        context.Request.ContentType,
                        context.Request.Headers["Authorization"],
                        body.ToArray());
                    lock (_received)
                    {
                        _received.Add(received);
                    }

                    var (status, contentType, answer) = _handler(received);
                    context.Response.StatusCode = status;
                    context.Response.ContentType = contentType;
                    context.Response.ContentLength64 = answer.Length;
                    await context.Response.OutputStream.WriteAsync(answer);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException || e is IOException || e is ObjectDisposedException)
                {
                    // The client went away, or the server was taken down mid-answer.
                }
            }
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }
    }

    /// <summary>One request as the fake server received it.</summary>
    internal sealed record Received(string Method, string PathAndQuery, string? ContentType, string? Authorization, byte[] Body);
}
