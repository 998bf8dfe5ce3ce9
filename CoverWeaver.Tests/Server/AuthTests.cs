using System;
using System.Linq;
using System.Net.Sockets;
using CoverWeaver.Server;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Server
{
    /// <summary>Who may read and who may reset: loopback by default, a bearer token for anything more.</summary>
    [TestClass]
    public sealed class AuthTests
    {
        private const string Token = "s3cret-Token_value.42";

        [TestMethod]
        [DataRow(null)]
        [DataRow("Bearer wrong-token")]
        [DataRow("Bearer s3cret-Token_value.4")]
        [DataRow("Bearer s3cret-Token_value.420")]
        [DataRow("Basic czNjcmV0LVRva2VuX3ZhbHVlLjQy")]
        [DataRow("s3cret-Token_value.42")]
        public void WithATokenEveryRequestWithoutItIsUnauthorized(string? authorization)
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            foreach (var (method, path) in new[] { ("GET", "/health"), ("GET", "/summary"), ("GET", "/snapshot"), ("POST", "/reset"), ("GET", "/nowhere") })
            {
                var header = authorization == null ? "" : $"Authorization: {authorization}\r\n";
                var response = RawHttp.Send(server.Port, System.Text.Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: x\r\n{header}\r\n"));
                Assert.AreEqual(401, response.Status, $"{method} {path}: {response}");
                Assert.AreEqual("Bearer realm=\"coverweaver\"", response.Headers["WWW-Authenticate"]);
            }
        }

        [TestMethod]
        [DataRow("Bearer s3cret-Token_value.42")]
        [DataRow("bearer s3cret-Token_value.42")]
        [DataRow("Bearer   s3cret-Token_value.42  ")]
        public void TheRightTokenIsServed(string authorization)
        {
            using var server = CoverServer.Start("127.0.0.1:0", Token);
            var response = RawHttp.Send(server.Port, System.Text.Encoding.ASCII.GetBytes($"GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: {authorization}\r\n\r\n"));
            Assert.AreEqual(200, response.Status, response.ToString());
        }

        [TestMethod]
        [DataRow("/reset")]
        [DataRow("/snapshot")]
        [DataRow("/snapshot?reset=true")]
        public void WithoutATokenPostIsForbiddenEvenOnLoopback(string path)
        {
            using var server = CoverServer.Start("127.0.0.1:0");
            Concurrency.Spin(2);
            var before = LineCalls(ConcurrencyName);

            var response = RawHttp.Post(server.Port, path);

            Assert.AreEqual(403, response.Status, response.ToString());
            StringAssert.Contains(response.Text, "COVERWEAVER_TOKEN");
            CollectionAssert.AreEquivalent(before, LineCalls(ConcurrencyName), "nothing was reset");
            Assert.IsTrue(before.Values.Any(count => count > 0));
        }

        [TestMethod]
        public void WithoutATokenTheEndpointAnswersOnlyLoopbackClients()
        {
            var endpoint = new CoverEndpoint();
            var remote = endpoint.Handle(new CoverRequest("GET", "/health", null, null, null, isLoopback: false));
            var local = endpoint.Handle(new CoverRequest("GET", "/health", null, null, null, isLoopback: true));

            Assert.AreEqual(403, remote.StatusCode);
            StringAssert.Contains(System.Text.Encoding.UTF8.GetString(remote.Body), "COVERWEAVER_TOKEN");
            Assert.AreEqual(200, local.StatusCode);
        }

        [TestMethod]
        public void WithATokenARemoteClientPresentingItIsServed()
        {
            var endpoint = new CoverEndpoint(Token);
            var headers = new[] { new System.Collections.Generic.KeyValuePair<string, string>("authorization", "Bearer " + Token) };
            Assert.AreEqual(200, endpoint.Handle(new CoverRequest("GET", "/health", null, headers, null, isLoopback: false)).StatusCode);
            Assert.AreEqual(401, endpoint.Handle(new CoverRequest("GET", "/health", null, null, null, isLoopback: false)).StatusCode);
        }

        [TestMethod]
        [DataRow("0.0.0.0:0")]
        [DataRow("*:0")]
        [DataRow("[::]:0")]
        public void ANonLoopbackAddressWithoutATokenIsRefused(string address)
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => CoverServer.Start(address));
            StringAssert.Contains(error.Message, "without a token");
            StringAssert.Contains(error.Message, "COVERWEAVER_TOKEN");
        }

        [TestMethod]
        public void ANonLoopbackAddressWithATokenIsServed()
        {
            using var server = CoverServer.Start("0.0.0.0:0", Token);
            Assert.AreEqual(200, RawHttp.Get(server.Port, "/health", Token).Status);
            Assert.AreEqual(401, RawHttp.Get(server.Port, "/health").Status);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("two words")]
        [DataRow("tab\there")]
        [DataRow("caf\u00e9")]
        public void ATokenThatCannotTravelInAHeaderIsRefused(string token)
        {
            Assert.ThrowsExactly<ArgumentException>(() => CoverServer.Start("127.0.0.1:0", token));
        }

        [TestMethod]
        [DataRow("nonsense")]
        [DataRow("127.0.0.1")]
        [DataRow("127.0.0.1:")]
        [DataRow("127.0.0.1:99999")]
        [DataRow("::1:9464")]
        [DataRow("example.com:9464")]
        public void AnAddressThatCannotBeReadIsRefused(string address)
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => CoverServer.Start(address));
            StringAssert.Contains(error.Message, "host:port");
        }

        [TestMethod]
        public void APortInUseIsASocketError()
        {
            using var first = CoverServer.Start("127.0.0.1:0");
            Assert.ThrowsExactly<SocketException>(() => CoverServer.Start("127.0.0.1:" + first.Port));
        }

        [TestMethod]
        public void AStoppedServerNoLongerListens()
        {
            var server = CoverServer.Start("[::1]:0");
            Assert.IsTrue(server.EndPoint.Address.Equals(System.Net.IPAddress.IPv6Loopback));
            server.Dispose();
            server.Dispose();

            using var client = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            Assert.ThrowsExactly<SocketException>(() => client.Connect(System.Net.IPAddress.IPv6Loopback, server.Port));
        }
    }
}
