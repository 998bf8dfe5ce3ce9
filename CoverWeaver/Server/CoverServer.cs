using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace CoverWeaver.Server
{
    /// <summary>
    /// A small HTTP/1.1 server inside the instrumented process serving <see cref="CoverEndpoint"/>:
    /// live summaries, snapshots (optionally resetting), LCOV and build identities, for a client
    /// that collects coverage while the process runs. One request per connection. Start it with
    /// <see cref="Start(string, string)"/>, or set <c>COVERWEAVER_LISTEN=127.0.0.1:9464</c> (and optionally
    /// <c>COVERWEAVER_TOKEN</c>) to have it start when the first woven assembly loads.
    /// </summary>
    /// <remarks>
    /// Nothing a client does reaches the host: every failure is contained in its connection,
    /// requests are bounded in size and time, and the server's threads never keep the process alive.
    /// </remarks>
    public sealed class CoverServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CoverEndpoint _endpoint;
        private readonly ServerLimits _limits;
        private readonly Thread _acceptor;
        private int _active;
        private volatile bool _stopped;

        private CoverServer(TcpListener listener, CoverEndpoint endpoint, ServerLimits limits)
        {
            _listener = listener;
            _endpoint = endpoint;
            _limits = limits;
            EndPoint = (IPEndPoint)listener.LocalEndpoint;
            _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "CoverWeaver server " + EndPoint };
        }

        /// <summary>The address and port listened on; the port is the one bound when 0 was asked for.</summary>
        public IPEndPoint EndPoint { get; }

        /// <summary>The port listened on.</summary>
        public int Port => EndPoint.Port;

        /// <summary>
        /// Starts serving coverage on <paramref name="address"/>. A loopback address may go without a
        /// token (then POST routes, which reset counters, are refused); any other address needs one.
        /// </summary>
        /// <param name="address"><c>host:port</c>: <c>127.0.0.1:9464</c>, <c>[::1]:9464</c>, <c>localhost:9464</c>, or <c>0.0.0.0:9464</c> for every interface. Port 0 picks a free port (see <see cref="Port"/>).</param>
        /// <param name="token">The secret every request must present as <c>Authorization: Bearer &lt;token&gt;</c>; null for none.</param>
        /// <returns>The running server; dispose it to stop listening.</returns>
        /// <exception cref="ArgumentException">The address cannot be read, the token is empty or not visible ASCII, or the address is not loopback and there is no token.</exception>
        /// <exception cref="SocketException">The address cannot be listened on, e.g. the port is taken.</exception>
        public static CoverServer Start(string address, string? token = null) => Start(address, token, ServerLimits.Default);

        internal static CoverServer Start(string address, string? token, ServerLimits limits)
        {
            var endPoint = ListenAddress.Parse(address);
            var endpoint = new CoverEndpoint(token);
            if (!IPAddress.IsLoopback(endPoint.Address) && !endpoint.RequiresToken)
            {
                throw new ArgumentException(
                    $"Refusing to serve coverage on {address} without a token: only loopback addresses (127.0.0.1, [::1]) may go without one, " +
                    "since anyone who can reach the port could read and reset the counters. Set COVERWEAVER_TOKEN or pass a token.", nameof(token));
            }

            var listener = new TcpListener(endPoint);
            listener.Start(16);
            var server = new CoverServer(listener, endpoint, limits);
            server._acceptor.Start();
            return server;
        }

        /// <summary>Stops listening. Requests already being served finish on their own, within their time limits.</summary>
        public void Stop()
        {
            _stopped = true;
            try
            {
                _listener.Stop();
            }
            catch (SocketException)
            {
                // Already closed; stopping twice is fine.
            }
        }

        /// <summary>Stops listening, as <see cref="Stop"/>.</summary>
        public void Dispose() => Stop();

        private void AcceptLoop()
        {
            while (!_stopped)
            {
                Socket socket;
                try
                {
                    socket = _listener.AcceptSocket();
                }
                catch (Exception)
                {
                    if (_stopped)
                    {
                        return;
                    }

                    // Out of descriptors, or a connection reset while queued: wait a little and go on serving.
                    Thread.Sleep(50);
                    continue;
                }

                Serve(socket);
            }
        }

        private void Serve(Socket socket)
        {
            try
            {
                if (Interlocked.Increment(ref _active) > _limits.MaxConnections)
                {
                    Refuse(socket);
                    return;
                }

                HttpConnection.ServeAsync(socket, _endpoint, _limits).ContinueWith(
                    _ => Interlocked.Decrement(ref _active), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            catch (Exception)
            {
                Interlocked.Decrement(ref _active);
                socket.Dispose();
            }
        }

        /// <summary>Too many clients at once: say so without reading the request, and forget the connection.</summary>
        private void Refuse(Socket socket)
        {
            Interlocked.Decrement(ref _active);
            // Not counted as active: a refusal holds no thread and ends within its send and drain limits.
            _ = HttpConnection.RefuseAsync(socket, CoverResponse.Text(503, "Too many coverage requests at once; try again."), _limits);
        }
    }
}
