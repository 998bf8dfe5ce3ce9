using System.Collections.Generic;
using CoverWeaver.Server;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Server
{
    /// <summary>
    /// COVERWEAVER_LISTEN and COVERWEAVER_TOKEN, as read when the first woven assembly attaches:
    /// off by default, and a server that cannot start is said once and never thrown into the host.
    /// </summary>
    [TestClass]
    public sealed class AutoStartTests
    {
        [TestMethod]
        [DataRow(null)]
        [DataRow("")]
        [DataRow("   ")]
        public void NoAddressStartsNothingAndSaysNothing(string? listen)
        {
            var said = new List<string>();
            Assert.IsNull(AutoStart.TryStart(listen, "token", said.Add));
            Assert.AreEqual(0, said.Count);
        }

        [TestMethod]
        [DataRow("0.0.0.0:0", null, "without a token")]
        [DataRow("0.0.0.0:0", "", "without a token")]
        [DataRow("not-an-address", null, "host:port")]
        [DataRow("127.0.0.1:0", "with space", "visible ASCII")]
        public void AServerThatCannotStartIsSaidOnceAndNotThrown(string listen, string? token, string reason)
        {
            var said = new List<string>();
            Assert.IsNull(AutoStart.TryStart(listen, token, said.Add));
            Assert.AreEqual(1, said.Count, string.Join("\n", said));
            StringAssert.Contains(said[0], "COVERWEAVER_LISTEN=" + listen);
            StringAssert.Contains(said[0], reason);
        }

        [TestMethod]
        public void APortInUseIsSaidOnceAndNotThrown()
        {
            using var taken = CoverServer.Start("127.0.0.1:0");
            var said = new List<string>();
            Assert.IsNull(AutoStart.TryStart("127.0.0.1:" + taken.Port, null, said.Add));
            Assert.AreEqual(1, said.Count);
        }

        [TestMethod]
        public void ALoopbackAddressServesWithTheTokenGiven()
        {
            var said = new List<string>();
            using var server = AutoStart.TryStart(" 127.0.0.1:0 ", "env-token", said.Add);

            Assert.IsNotNull(server);
            Assert.AreEqual(401, RawHttp.Get(server.Port, "/health").Status);
            Assert.AreEqual(200, RawHttp.Get(server.Port, "/health", "env-token").Status);
            CollectionAssert.AreEqual(new[] { $"serving coverage on http://127.0.0.1:{server.Port}/" }, said, "a port the system picked is told");
        }
    }
}
