using System;
using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Server;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Nodes
{
    /// <summary>
    /// Flush and stop of a node that refuses or does not answer: they throw, naming the node and
    /// the fix, and leave nothing behind that a later analysis would count twice.
    /// </summary>
    [TestClass]
    public sealed class FailingNodeTests : NodeTestBase
    {
        private const string NodeToken = "node-s3cret";

        /// <summary>What Flush and then Stop of the node throw, each checked to be an <see cref="InvalidOperationException"/>.</summary>
        private static List<(string Call, InvalidOperationException Error)> FlushAndStopErrors(string address) => new List<(string, InvalidOperationException)>
        {
            ("Flush", Assert.ThrowsExactly<InvalidOperationException>(() => Cover.Flush(address), "Flush")),
            ("Stop", Assert.ThrowsExactly<InvalidOperationException>(() => Cover.Stop(address), "Stop")),
        };

        [TestMethod]
        public void FlushAndStopOfANodeAttachedWithoutItsTokenThrowNamingTheNodeAndTheFix()
        {
            Cover.Reset(ConcurrencyName);
            var local = FakeNode.Local(ConcurrencyName);
            var node = NewNode(token: NodeToken);
            var counts = Pattern(local.Counts.Length, 5);
            node.Set(local, counts);
            Cover.Start(node.Address);

            foreach (var (call, error) in FlushAndStopErrors(node.Address))
            {
                StringAssert.Contains(error.Message, node.Address, call);
                StringAssert.Contains(error.Message, "401", call);
                StringAssert.Contains(error.Message, $"Cover.Start(new CoverNodeOptions(\"{node.Address}\") {{ Token = ", call);
            }

            Assert.AreEqual(0, node.Resets);
            Assert.AreEqual(node.Address, Cover.WhichNodes().Single().Address, "a failed stop leaves the node attached");
            CollectionAssert.AreEqual(ExpectedLines(local, new long[local.Counts.Length]), Lines(ConcurrencyName), "nothing of the node counts yet");

            // The fix the message names. The node is still attached: starting it again gives it the token.
            Assert.AreEqual(NodeState.Live, Cover.Start(new CoverNodeOptions(node.Address) { Token = NodeToken }).Single().State);
            CollectionAssert.AreEqual(ExpectedLines(local, counts), Lines(ConcurrencyName));
            Cover.Stop(node.Address);

            Assert.IsEmpty(Cover.WhichNodes());
            Assert.AreEqual(1, node.Resets, "only the stop that worked reset the node");
            CollectionAssert.AreEqual(ExpectedLines(local, counts), Lines(ConcurrencyName), "the node's counts, once");
            Cover.Start(new CoverNodeOptions(node.Address) { Token = NodeToken });
            CollectionAssert.AreEqual(ExpectedLines(local, counts), Lines(ConcurrencyName), "attached again, nothing is counted twice");
        }

        [TestMethod]
        public void AgainstARealServerWithATokenFlushAndStopWithoutItThrowAndNothingCountsTwice()
        {
            // This process is the node: its own server, started with a token, attached as the
            // README's Cover.Start("http://127.0.0.1:9464") attaches one, without the token.
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(6);
            var local = FakeNode.Local(ConcurrencyName);
            using var server = CoverServer.Start("127.0.0.1:0", NodeToken);
            var address = $"http://127.0.0.1:{server.Port}";
            Assert.AreEqual(NodeState.Lost, Cover.Start(address).Single().State);

            foreach (var (call, error) in FlushAndStopErrors(address))
            {
                StringAssert.Contains(error.Message, address, call);
                StringAssert.Contains(error.Message, "Token = ", call);
            }

            CollectionAssert.AreEqual(ExpectedLines(local, local.Counts), Lines(ConcurrencyName), "the node refused everything: nothing of it counts, nothing was reset");

            Cover.Start(new CoverNodeOptions(address) { Token = NodeToken });
            CollectionAssert.AreEqual(ExpectedLines(local, local.Counts, local.Counts), Lines(ConcurrencyName), "this process, and itself as a node");
            Cover.Stop(address);

            // Stop took the node's counts with a reset (this process's own) and added them here: once.
            Assert.IsEmpty(Cover.WhichNodes());
            CollectionAssert.AreEqual(ExpectedLines(local, local.Counts), Lines(ConcurrencyName));
        }

        [TestMethod]
        public void FlushAndStopOfARealServerWithoutATokenThrowNamingTheTokenItNeeds()
        {
            // Without a token a node serves reads, so analyses see it, but never a reset.
            using var server = CoverServer.Start("127.0.0.1:0");
            var address = $"http://127.0.0.1:{server.Port}";
            Assert.AreEqual(NodeState.Live, Cover.Start(address).Single().State);

            foreach (var (call, error) in FlushAndStopErrors(address))
            {
                StringAssert.Contains(error.Message, address, call);
                StringAssert.Contains(error.Message, "403", call);
                StringAssert.Contains(error.Message, "COVERWEAVER_TOKEN", call);
                StringAssert.Contains(error.Message, "Token = ", call);
            }

            Assert.AreEqual(address, Cover.WhichNodes().Single().Address, "a failed stop leaves the node attached");

            // This process was its own node: forget what it counted as one, so the cleanup adds nothing.
            Cover.Reset();
        }

        [TestMethod]
        public void FlushAndStopOfANodeThatDoesNotAnswerThrowAskingWhetherItRuns()
        {
            var node = NewNode();
            node.Down();
            Cover.Start(node.Address);

            var errors = FlushAndStopErrors(node.Address);

            foreach (var (call, error) in errors)
            {
                StringAssert.Contains(error.Message, node.Address, call);
                StringAssert.Contains(error.Message, "Is it running?", call);
            }

            StringAssert.Contains(errors.Single(e => e.Call == "Stop").Error.Message, $"Cover.Abandon(\"{node.Address}\")",
                "a node that does not answer may be gone for good: the message says how to let it go");

            Assert.AreEqual(NodeState.Lost, Cover.WhichNodes().Single().State, "a failed stop leaves the node attached");
        }

        [TestMethod]
        public void AStopThatFailedKeepsTheNodeAndItsDataSoNothingIsCountedTwiceWhenItAnswersAgain()
        {
            var (node, local, flushed, current) = FlushedNode(2, 30);
            node.Down();

            Assert.ThrowsExactly<InvalidOperationException>(() => Cover.Stop(node.Address));

            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current), Lines(ConcurrencyName), "collected + last answer, once");
            node.Up();
            Cover.Stop(node.Address);
            Assert.AreEqual(2, node.Resets);
            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current), Lines(ConcurrencyName));
            Cover.Start(node.Address);
            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current), Lines(ConcurrencyName), "attached again, nothing is counted twice");
        }

        [TestMethod]
        public void AbandonDetachesANodeGoneForGoodKeepingItsDataOnceWithoutAskingIt()
        {
            var (node, local, flushed, current) = FlushedNode(3, 40);
            node.Down();
            Assert.ThrowsExactly<InvalidOperationException>(() => Cover.Stop(node.Address));
            // Listening again only so that a request to it would show; its counters are untouched.
            node.Up();
            var asked = node.Server.Received.Count;

            Cover.Abandon(node.Address);

            Assert.IsEmpty(Cover.WhichNodes());
            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current), Lines(ConcurrencyName), "collected + last answer, now this process's, once");
            Assert.AreEqual(asked, node.Server.Received.Count, "neither abandoning nor analysing asked the node");
            Assert.AreEqual(1, node.Resets, "only the flush reset it");
            Assert.ThrowsExactly<ArgumentException>(() => Cover.Abandon(node.Address));
        }
    }
}
