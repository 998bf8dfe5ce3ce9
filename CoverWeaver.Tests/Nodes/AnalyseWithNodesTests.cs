using System.Linq;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Nodes
{
    /// <summary>Analyses add every attached node's current counts to this process's, exactly.</summary>
    [TestClass]
    public sealed class AnalyseWithNodesTests : NodeTestBase
    {
        [TestMethod]
        public void EveryAnalysisSumsLocalAndNodeCounts()
        {
            Cover.Reset(ConcurrencyName);
            Concurrency.Spin(3);
            var local = FakeNode.Local(ConcurrencyName);
            var one = NewNode();
            var two = NewNode();
            var countsOne = Pattern(local.Counts.Length, 10);
            var countsTwo = Pattern(local.Counts.Length, 1000);
            one.Set(local, countsOne);
            two.Set(local, countsTwo);

            var started = Cover.Start(one.Address, two.Address + "/");

            CollectionAssert.AreEqual(new[] { NodeState.Live, NodeState.Live }, started.Select(n => n.State).ToList());
            CollectionAssert.AreEqual(new[] { one.Address, two.Address }, Cover.WhichNodes().Select(n => n.Address).ToList(), "addresses are normalised");
            var expected = ExpectedLines(local, local.Counts, countsOne, countsTwo);
            CollectionAssert.AreEqual(expected, Lines(ConcurrencyName));
            CollectionAssert.AreEqual(expected, Cover.Analyse(typeof(Concurrency), Analysis.Calls, Level.Line).Select(r => r.ToString()).ToList());
            CollectionAssert.AreEqual(expected, Cover.Analyse(Analysis.Calls, Level.Line).Where(r => r.Module == ConcurrencyName).Select(r => r.ToString()).ToList());

            // Clause calls are entry counters: the sum of the three processes' entries.
            var spin = Cover.Analyse(ConcurrencyName, Analysis.Calls, Level.Clause).Single(r => r.Function == "Spin");
            var entrySlot = LineOfSlot(local, "Spin");
            Assert.AreEqual(local.Counts[entrySlot] + countsOne[entrySlot] + countsTwo[entrySlot], spin.Calls);
            Assert.AreEqual(
                Cover.Analyse(ConcurrencyName, Analysis.Calls, Level.Clause).Sum(r => r.Calls),
                Cover.Analyse(ConcurrencyName, Analysis.Calls, Level.Module).Single().Calls);
        }

        [TestMethod]
        public void EachAnalysisFetchesTheNodesCurrentCounts()
        {
            Cover.Reset(ConcurrencyName);
            var local = FakeNode.Local(ConcurrencyName);
            var node = NewNode();
            node.Set(local, Pattern(local.Counts.Length, 1));
            Cover.Start(node.Address);
            var later = Pattern(local.Counts.Length, 7);

            node.Set(local, later);

            CollectionAssert.AreEqual(ExpectedLines(local, later), Lines(ConcurrencyName));
            Assert.AreEqual(0, node.Resets, "analysing never resets a node");
        }

        [TestMethod]
        public void AModuleOnlyOnNodesIsAnalysableAndListed()
        {
            var name = RemoteOnlyName("analysable");
            var remote = FakeNode.Copy(FakeNode.Local(ConcurrencyName), name);
            var one = NewNode();
            var two = NewNode();
            var countsOne = Pattern(remote.Counts.Length, 3);
            var countsTwo = Pattern(remote.Counts.Length, 5);
            one.Set(remote, countsOne);
            two.Set(remote, countsTwo);
            Assert.IsFalse(Cover.IsCompiled(name));

            Cover.Start(one.Address, two.Address);

            CollectionAssert.AreEqual(ExpectedLines(remote, countsOne, countsTwo), Lines(name));
            CollectionAssert.Contains(Cover.Modules().ToList(), name);
            Assert.IsTrue(Cover.Analyse(Analysis.Coverage, Level.Module).Any(r => r.Module == name), "analysing all modules includes it");
            CollectionAssert.AreEqual(Cover.Modules().OrderBy(m => m, System.StringComparer.Ordinal).ToList(), Cover.Modules().ToList());
        }

        [TestMethod]
        public void ANodeRequiringATokenAnswersOnlyWithIt()
        {
            var local = FakeNode.Local(ConcurrencyName);
            var node = NewNode(token: "s3cret");
            node.Set(local, Pattern(local.Counts.Length, 1));

            var without = Cover.Start(node.Address).Single();
            Assert.AreEqual(NodeState.Lost, without.State);
            StringAssert.Contains(without.Error, "401");
            StringAssert.Contains(without.Error, "Token = ", "the error says how to attach it");

            // Still attached: starting it again gives it the token.
            var with = Cover.Start(new CoverNodeOptions(node.Address) { Token = "s3cret" }).Single();
            Assert.AreEqual(NodeState.Live, with.State, with.Error);
            Assert.AreEqual("Bearer s3cret", node.Server.Received.Last().Authorization);
        }

        [TestMethod]
        public void ResetForgetsWhatNodesCountedSoFarWithoutResettingThem()
        {
            Cover.Reset(ConcurrencyName);
            var local = FakeNode.Local(ConcurrencyName);
            var node = NewNode();
            var before = Pattern(local.Counts.Length, 4);
            node.Set(local, before);
            Cover.Start(node.Address);
            Cover.Flush(node.Address);
            node.Set(local, before);

            Cover.Reset(ConcurrencyName);

            Assert.IsTrue(Cover.Analyse(ConcurrencyName, Analysis.Calls, Level.Line).All(r => r.Calls == 0), "flushed and current counts are both forgotten");
            Assert.AreEqual(1, node.Resets, "only the flush reset the node");
            var more = Pattern(local.Counts.Length, 2);
            node.Set(local, Plus(before, more));
            CollectionAssert.AreEqual(ExpectedLines(local, more), Lines(ConcurrencyName), "hits after the reset count");
        }

        /// <summary>The entry slot of a module's one clause of that function.</summary>
        private static int LineOfSlot(CoverWeaver.Data.ModuleSnapshot module, string function)
        {
            var clause = module.Module.Clauses.Single(c => c.Function == function);
            return clause.EntrySlot - module.Module.FirstSlot;
        }
    }
}
