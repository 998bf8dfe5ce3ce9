using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Nodes
{
    /// <summary>
    /// Fake nodes for one test, detached afterwards. Detaching adds a node's data to this
    /// process's counts (as Erlang's stop/1 does), so the modules the tests count on are reset too.
    /// </summary>
    public abstract class NodeTestBase
    {
        private readonly List<FakeNode> _nodes = new List<FakeNode>();
        private readonly List<string> _modules = new List<string> { ConcurrencyName };

        [TestCleanup]
        public void DetachAll()
        {
            foreach (var node in Cover.WhichNodes())
            {
                try
                {
                    Cover.Stop(node.Address);
                }
                catch (System.InvalidOperationException)
                {
                    // A node a test left refusing or down: its data is the test's business, not the next test's.
                    Cover.Abandon(node.Address);
                }
            }

            _nodes.ForEach(node => node.Dispose());
            foreach (var module in _modules.Where(Cover.IsCompiled))
            {
                Cover.Reset(module);
            }
        }

        internal FakeNode NewNode(string? token = null)
        {
            var node = new FakeNode(token);
            _nodes.Add(node);
            return node;
        }

        /// <summary>
        /// With the local Concurrency module reset, a node attached and flushed with a pattern of
        /// counts on it (<c>Flushed</c>), which has counted another (<c>Current</c>) since, as the
        /// analysis checked here saw it.
        /// </summary>
        internal (FakeNode Node, ModuleSnapshot Local, long[] Flushed, long[] Current) FlushedNode(long flushedScale, long currentScale)
        {
            Cover.Reset(ConcurrencyName);
            var local = FakeNode.Local(ConcurrencyName);
            var flushed = Pattern(local.Counts.Length, flushedScale);
            var current = Pattern(local.Counts.Length, currentScale);
            var node = NewNode();
            node.Set(local, flushed);
            Cover.Start(node.Address);
            Cover.Flush(node.Address);
            node.Set(local, current);
            CollectionAssert.AreEqual(ExpectedLines(local, flushed, current), Lines(ConcurrencyName), "collected + current");
            return (node, local, flushed, current);
        }

        /// <summary>A module name no other test uses, for a module only nodes have.</summary>
        internal string RemoteOnlyName(string suffix)
        {
            var name = "Remote.Only." + GetType().Name + "." + suffix + "." + System.Guid.NewGuid().ToString("N");
            _modules.Add(name);
            return name;
        }

        /// <summary>What the line analysis of a module must be for these raw counts: the analyser applied to their sum.</summary>
        internal static List<string> ExpectedLines(ModuleSnapshot module, params long[][] counts)
        {
            var sum = new long[module.Counts.Length];
            foreach (var part in counts)
            {
                for (var i = 0; i < sum.Length; i++)
                {
                    sum[i] += part[i];
                }
            }

            return Analyser.Analyse(new ModuleSnapshot(module.Assembly, module.Module, sum), Analysis.Calls, Level.Line)
                .Select(row => row.ToString()).ToList();
        }

        internal static List<string> Lines(string module) =>
            Cover.Analyse(module, Analysis.Calls, Level.Line).Select(row => row.ToString()).ToList();

        /// <summary>Distinct non-zero counts per slot, so a count added twice or lost shows.</summary>
        internal static long[] Pattern(int length, long scale) =>
            Enumerable.Range(0, length).Select(i => scale * (i + 1)).ToArray();

        internal static long[] Plus(long[] a, long[] b) => a.Zip(b, (x, y) => x + y).ToArray();
    }
}
