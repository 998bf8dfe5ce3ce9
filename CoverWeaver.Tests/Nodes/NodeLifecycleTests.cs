using System.Linq;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Nodes
{
    /// <summary>Flush, stop, nodes going away and coming back, and builds that do not match.</summary>
    [TestClass]
    public sealed class NodeLifecycleTests : NodeTestBase
    {
        [TestMethod]
        public void FlushTakesCountsWithAResetAndKeepsThem()
        {
            Cover.Reset(ConcurrencyName);
            var local = FakeNode.Local(ConcurrencyName);
            var node = NewNode();
            var first = Pattern(local.Counts.Length, 3);
            node.Set(local, first);
            Cover.Start(node.Address);

            var info = Cover.Flush(node.Address);

            Assert.AreEqual(NodeState.Live, info.State);
            Assert.AreEqual(1, node.Resets);
            Assert.IsTrue(node.Counts(ConcurrencyName).All(c => c == 0), "the node starts again from zero");
            CollectionAssert.AreEqual(ExpectedLines(local, first), Lines(ConcurrencyName), "node total = collected + current (0)");

            var second = Pattern(local.Counts.Length, 100);
            node.Set(local, second);
            CollectionAssert.AreEqual(ExpectedLines(local, first, second), Lines(ConcurrencyName), "collected + current");

            Cover.Flush(node.Address);
            Assert.AreEqual(2, node.Resets);
            CollectionAssert.AreEqual(ExpectedLines(local, first, second), Lines(ConcurrencyName), "a flush moves counts, never adds them twice");
        }

        [TestMethod]
        public void ALostNodeKeepsItsDataAndIsAddedAgainWhenItAnswers()
        {
            var (node, local, flushed, current) = FlushedNode(2, 30);

            node.Down();

            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current), Lines(ConcurrencyName), "collected + last fetched");
            var lost = Cover.WhichNodes().Single();
            Assert.AreEqual(NodeState.Lost, lost.State);
            StringAssert.Contains(lost.Error, node.Address);
            Assert.ThrowsExactly<System.InvalidOperationException>(() => Cover.Flush(node.Address));
            Assert.AreEqual(NodeState.Lost, Cover.WhichNodes().Single().State, "flushing a lost node keeps it lost");

            // Back, the same process having counted on meanwhile.
            var more = Pattern(local.Counts.Length, 400);
            node.Set(local, Plus(current, more));
            node.Up();

            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current, more), Lines(ConcurrencyName));
            Assert.AreEqual(NodeState.Live, Cover.WhichNodes().Single().State);
            Assert.IsNull(Cover.WhichNodes().Single().Error);
        }

        [TestMethod]
        public void ANodeThatRestartedKeepsWhatItCountedBefore()
        {
            Cover.Reset(ConcurrencyName);
            var local = FakeNode.Local(ConcurrencyName);
            var node = NewNode();
            var beforeRestart = Pattern(local.Counts.Length, 50);
            node.Set(local, beforeRestart);
            Cover.Start(node.Address);
            node.Down();
            Lines(ConcurrencyName);

            var afterRestart = Pattern(local.Counts.Length, 1);
            node.Set(local, afterRestart);
            node.Up();

            CollectionAssert.AreEqual(ExpectedLines(local, beforeRestart, afterRestart), Lines(ConcurrencyName));
        }

        [TestMethod]
        public void AnotherBuildOfALocalModuleIsRefusedAndNamed()
        {
            Cover.Reset(ConcurrencyName);
            var local = FakeNode.Local(ConcurrencyName);
            var node = NewNode();
            node.Set(FakeNode.Copy(local, otherBuild: true), Pattern(local.Counts.Length, 9));

            var info = Cover.Start(node.Address).Single();

            Assert.AreEqual(NodeState.Live, info.State);
            var refusal = info.Refused.Single();
            StringAssert.Contains(refusal, ConcurrencyName);
            StringAssert.Contains(refusal, node.Address);
            StringAssert.Contains(refusal, "this process");
            CollectionAssert.DoesNotContain(info.Modules.ToList(), ConcurrencyName);
            Assert.IsTrue(Cover.Analyse(ConcurrencyName, Analysis.Calls, Level.Line).All(r => r.Calls == 0), "never merged");
            CollectionAssert.AreEqual(info.Refused.ToList(), Cover.WhichNodes().Single().Refused.ToList());
        }

        [TestMethod]
        public void AnotherBuildThanTheFirstNodesIsRefusedForAModuleOnlyOnNodes()
        {
            var name = RemoteOnlyName("builds");
            var remote = FakeNode.Copy(FakeNode.Local(ConcurrencyName), name);
            var first = NewNode();
            var second = NewNode();
            var counts = Pattern(remote.Counts.Length, 6);
            first.Set(remote, counts);
            second.Set(FakeNode.Copy(remote, otherBuild: true), Pattern(remote.Counts.Length, 1000));

            Cover.Start(first.Address);
            var refused = Cover.Start(second.Address).Single();

            var refusal = refused.Refused.Single();
            StringAssert.Contains(refusal, name);
            StringAssert.Contains(refusal, second.Address);
            StringAssert.Contains(refusal, first.Address, "names the node whose build counts");
            Assert.IsEmpty(Cover.WhichNodes()[0].Refused);
            CollectionAssert.AreEqual(ExpectedLines(remote, counts), Lines(name));
        }

        [TestMethod]
        public void StopDetachesAndKeepsTheNodesDataHere()
        {
            Cover.Reset(ConcurrencyName);
            var local = FakeNode.Local(ConcurrencyName);
            var name = RemoteOnlyName("stopped");
            var remote = FakeNode.Copy(local, name);
            var node = NewNode();
            var flushed = Pattern(local.Counts.Length, 8);
            var current = Pattern(local.Counts.Length, 70);
            var remoteCounts = Pattern(remote.Counts.Length, 11);
            node.Set(local, flushed);
            node.Set(remote, remoteCounts);
            Cover.Start(node.Address);
            Cover.Flush(node.Address);
            node.Set(local, current);

            Cover.Stop(node.Address);

            Assert.IsEmpty(Cover.WhichNodes());
            Assert.AreEqual(2, node.Resets, "stop takes the node's counts with a reset, as flush does");
            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current), Lines(ConcurrencyName));
            Assert.IsTrue(Cover.IsCompiled(name), "a module only the node had is now an imported module");
            CollectionAssert.AreEqual(ExpectedLines(remote, remoteCounts), Lines(name));
            node.Set(local, current);
            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current), Lines(ConcurrencyName), "a detached node is not asked any more");
            Assert.ThrowsExactly<System.ArgumentException>(() => Cover.Flush(node.Address));
        }
    }
}
