using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using CoverWeaver.Server;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Server
{
    /// <summary>
    /// Malformed, oversized, slow and vanishing clients get their status code or are dropped, and
    /// the server goes on serving the next client.
    /// </summary>
    [TestClass]
    public sealed class HostileClientTests
    {
        private static ServerLimits QuickLimits(int maxConnections = 32) => new ServerLimits
        {
            RequestTimeout = TimeSpan.FromSeconds(1),
            MaxConnections = maxConnections,
        };

        [TestMethod]
        [DataRow("HELLO\r\n\r\n")]
        [DataRow("GET /health\r\nHost: x\r\n\r\n")]
        [DataRow("GET  /health HTTP/1.1\r\nHost: x\r\n\r\n")]
        [DataRow("GET health HTTP/1.1\r\nHost: x\r\n\r\n")]
        [DataRow("GET http://x/health HTTP/1.1\r\nHost: x\r\n\r\n")]
        [DataRow("GET /health#top HTTP/1.1\r\nHost: x\r\n\r\n")]
        [DataRow("GET /health HTTP/2.0\r\nHost: x\r\n\r\n")]
        [DataRow("G(T /health HTTP/1.1\r\nHost: x\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nshort")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\n")]
        public void AMalformedRequestIsABadRequest(string request)
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            var response = SendThenHalfClose(server.Port, Encoding.ASCII.GetBytes(request));
            Assert.AreEqual(400, response.Status, response.ToString());
            Assert.AreEqual(200, RawHttp.Get(server.Port, "/health").Status, "and the next client is served");
        }

        [TestMethod]
        public void BareLineFeedsAreAccepted()
        {
            using var server = CoverServer.Start("127.0.0.1:0");
            Assert.AreEqual(200, RawHttp.Send(server.Port, Encoding.ASCII.GetBytes("GET /health HTTP/1.1\nHost: x\n\n")).Status);
        }

        [TestMethod]
        [DataRow(8 * 1024)]
        [DataRow(100 * 1024)]
        public void HeadersOverEightKilobytesAreTooLarge(int size)
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            var request = "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', size) + "\r\n\r\n";
            var response = RawHttp.Send(server.Port, Encoding.ASCII.GetBytes(request));
            Assert.AreEqual(431, response.Status, response.ToString());
            Assert.AreEqual(200, RawHttp.Get(server.Port, "/health").Status);
        }

        [TestMethod]
        public void ARequestLineOverEightKilobytesIsTooLarge()
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            var response = RawHttp.Send(server.Port, Encoding.ASCII.GetBytes("GET /" + new string('a', 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
            Assert.AreEqual(431, response.Status, response.ToString());
        }

        [TestMethod]
        public void TooManyHeadersAreTooLarge()
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            var headers = string.Concat(Enumerable.Range(0, 65).Select(i => $"X-{i}: 1\r\n"));
            var response = RawHttp.Send(server.Port, Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n"));
            Assert.AreEqual(431, response.Status, response.ToString());
        }

        [TestMethod]
        public void AHeadJustUnderTheLimitIsServed()
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            var head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: ";
            var request = head + new string('a', 8 * 1024 - head.Length - 4) + "\r\n\r\n";
            Assert.AreEqual(8 * 1024, request.Length);
            Assert.AreEqual(200, RawHttp.Send(server.Port, Encoding.ASCII.GetBytes(request)).Status);
        }

        [TestMethod]
        public void ABodyOverTheLimitIsTooLargeWithoutBeingRead()
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            var declared = RawHttp.Send(server.Port, Encoding.ASCII.GetBytes("POST /snapshot HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n"));
            var sent = RawHttp.Send(server.Port, Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + new string('b', 5000)));

            Assert.AreEqual(413, declared.Status, declared.ToString());
            Assert.AreEqual(413, sent.Status, sent.ToString());
            Assert.AreEqual(200, RawHttp.Send(server.Port, Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody")).Status, "a small body is fine");
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("GET /hea")]
        [DataRow("GET /health HTTP/1.1\r\nHost: x\r\n")]
        [DataRow("POST /snapshot HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")]
        public void AClientTooSlowToSendItsRequestTimesOut(string partial)
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            using var socket = RawHttp.Connect(server.Port);
            var clock = Stopwatch.StartNew();
            socket.Send(Encoding.ASCII.GetBytes(partial));

            var response = RawHttp.ReadResponse(socket);

            Assert.AreEqual(408, response.Status, response.ToString());
            Assert.IsTrue(clock.Elapsed >= TimeSpan.FromSeconds(0.9) && clock.Elapsed < TimeSpan.FromSeconds(5), $"closed after {clock.Elapsed}");
        }

        [TestMethod]
        public void ATricklingClientTimesOutOnTheWholeRequestNotEachRead()
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            using var socket = RawHttp.Connect(server.Port);
            var clock = Stopwatch.StartNew();
            var stop = false;
            var trickle = new Thread(() =>
            {
                try
                {
                    foreach (var b in Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: x\r\n"))
                    {
                        if (Volatile.Read(ref stop))
                        {
                            return;
                        }

                        socket.Send(new[] { b });
                        Thread.Sleep(200);
                    }
                }
                catch (SocketException)
                {
                    // The server gave up on us, as it should.
                }
            }) { IsBackground = true };
            trickle.Start();

            var response = RawHttp.ReadResponse(socket);
            Volatile.Write(ref stop, true);
            trickle.Join();

            Assert.AreEqual(408, response.Status);
            Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(3), $"closed after {clock.Elapsed}");
        }

        [TestMethod]
        public void HostileClientsDoNotStopTheServer()
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits());
            var random = new Random(1234);
            var idle = Enumerable.Range(0, 5).Select(_ => RawHttp.Connect(server.Port)).ToList();
            for (var i = 0; i < 30; i++)
            {
                using var socket = RawHttp.Connect(server.Port);
                var junk = new byte[random.Next(1, 20_000)];
                random.NextBytes(junk);
                try
                {
                    socket.Send(junk);
                    if (i % 2 == 0)
                    {
                        // Vanish abruptly: a reset instead of a close.
                        socket.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (SocketException)
                {
                    // The server may already have answered and closed; that is its right.
                }
            }

            for (var i = 0; i < 10; i++)
            {
                var response = RawHttp.Get(server.Port, "/health");
                Assert.AreEqual(200, response.Status, $"request {i} after the junk: {response}");
            }

            idle.ForEach(socket => socket.Dispose());
            Assert.AreEqual(200, RawHttp.Get(server.Port, "/summary").Status);
        }

        [TestMethod]
        public void ClientsBeyondTheConnectionLimitAreToldToComeBack()
        {
            using var server = CoverServer.Start("127.0.0.1:0", null, QuickLimits(maxConnections: 2));
            var idle = new List<Socket> { RawHttp.Connect(server.Port), RawHttp.Connect(server.Port) };
            Thread.Sleep(200);

            var refused = RawHttp.Get(server.Port, "/health");

            Assert.AreEqual(503, refused.Status, refused.ToString());
            idle.ForEach(socket => socket.Dispose());
            var clock = Stopwatch.StartNew();
            RawResponse later;
            while ((later = RawHttp.Get(server.Port, "/health")).Status == 503 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(50);
            }

            Assert.AreEqual(200, later.Status, "served again once the idle clients are gone");
        }

        /// <summary>Sends a request and says it is all there is, so an incomplete one is answered at once.</summary>
        private static RawResponse SendThenHalfClose(int port, byte[] request)
        {
            using var socket = RawHttp.Connect(port);
            socket.Send(request);
            socket.Shutdown(SocketShutdown.Send);
            return RawHttp.ReadResponse(socket);
        }
    }
}
