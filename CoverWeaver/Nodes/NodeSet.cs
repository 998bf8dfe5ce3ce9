using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Data;
using CoverWeaver.Diagnostics;
using CoverWeaver.Model;
using CoverWeaver.Runtime;

namespace CoverWeaver.Nodes
{
    /// <summary>
    /// The nodes attached with <see cref="Cover.Start(string[])"/>, as Erlang's <c>cover</c> keeps
    /// its remote nodes, and the build each remote-only module was first seen with. Analyses ask
    /// <see cref="Active"/> first, so without nodes they never come here.
    /// </summary>
    internal sealed class NodeSet
    {
        private readonly object _gate = new object();
        private readonly List<RemoteNode> _attached = new List<RemoteNode>();
        private readonly Dictionary<ModuleId, (ModuleSnapshot Build, string Node)> _firstBuilds = new Dictionary<ModuleId, (ModuleSnapshot, string)>();

        private int _count;

        /// <summary>Whether any node is attached: one volatile read, all that local analyses pay.</summary>
        public bool Active => Volatile.Read(ref _count) > 0;

        public IReadOnlyList<CoverNodeInfo> Start(IEnumerable<CoverNodeOptions> nodes)
        {
            var asked = new List<RemoteNode>();
            lock (_gate)
            {
                foreach (var options in nodes)
                {
                    var node = _attached.FirstOrDefault(n => n.Address == options.Address);
                    if (node == null)
                    {
                        node = new RemoteNode(options, this);
                        _attached.Add(node);
                    }
                    else
                    {
                        // The same process, so what was kept of it stays; the new options are how to
                        // reach it now, e.g. with the token it was first attached without.
                        node.Configure(options);
                    }

                    asked.Add(node);
                }

                Volatile.Write(ref _count, _attached.Count);
            }

            // A node that does not answer yet stays attached as lost, and joins when it answers.
            FetchAll(asked.Distinct().ToList());
            return asked.Select(node => node.Info()).ToList();
        }

        public IReadOnlyList<CoverNodeInfo> Which()
        {
            return Nodes().Select(node => node.Info()).ToList();
        }

        public CoverNodeInfo Flush(string address)
        {
            var node = Get(address);
            node.Flush();
            return node.Info();
        }

        /// <summary>
        /// Detaches a node. As Erlang's <c>cover:stop(Node)</c> fetches the node's data and stores it
        /// on the main node, its counts are taken with a reset and, with everything kept of it, added
        /// to this process's own counts, where analyses, exports and resets see them. A node that
        /// refuses or does not answer stays attached, unchanged: what it still holds was not reset,
        /// and would be counted again if it were kept here and the node attached again.
        /// </summary>
        public void Stop(string address)
        {
            var node = Get(address);
            Detach(node, node.Detach());
        }

        /// <summary>Detaches a node without asking it, keeping everything kept of it, its last answer included.</summary>
        public void Abandon(string address)
        {
            var node = Get(address);
            Detach(node, node.Abandon());
        }

        /// <summary>Every attached node's current counts, fetched now (in parallel), summed per module.</summary>
        public Dictionary<ModuleId, ModuleSnapshot> Refresh()
        {
            var nodes = Nodes();
            FetchAll(nodes);
            var sums = new Dictionary<ModuleId, ModuleSnapshot>();
            foreach (var node in nodes)
            {
                foreach (var total in node.Totals())
                {
                    if (sums.TryGetValue(total.Id, out var sum))
                    {
                        for (var i = 0; i < total.Counts.Length; i++)
                        {
                            sum.Counts[i] += total.Counts[i];
                        }
                    }
                    else
                    {
                        sums[total.Id] = total;
                    }
                }
            }

            return sums;
        }

        /// <summary>The modules the nodes brought, as last seen; no node is asked.</summary>
        public IEnumerable<ModuleId> KnownModules()
        {
            return Nodes().SelectMany(node => node.Modules()).Distinct();
        }

        /// <summary>Forgets what the nodes counted for the modules named (all when null); true if any node knows one of them.</summary>
        public bool Reset(ISet<ModuleId>? modules)
        {
            var nodes = Nodes();
            var known = false;
            foreach (var node in nodes)
            {
                known |= modules == null || modules.Any(node.Knows);
                node.Reset(modules);
            }

            return known;
        }

        /// <summary>
        /// Null when a node's module may be merged; otherwise why not: it is another build than this
        /// process's module of that name or, for a module this process lacks, than the first node's.
        /// </summary>
        internal string? CheckBuild(string address, ModuleSnapshot snapshot)
        {
            var id = snapshot.Id;
            ModuleBuild reference;
            var home = Registry.FindModule(id);
            if (home != null)
            {
                reference = ModuleBuild.Of(home.Value.Assembly.Table, home.Value.Module, "this process");
            }
            else
            {
                lock (_gate)
                {
                    if (!_firstBuilds.TryGetValue(id, out var first))
                    {
                        _firstBuilds[id] = (snapshot, address);
                        return null;
                    }

                    reference = first.Build.Build(first.Node == address ? "this node before" : "node " + first.Node);
                }
            }

            var mismatch = BuildRule.Mismatch(reference, snapshot.Build("node " + address));
            return mismatch == null ? null : $"Node {address}: module {snapshot.Module.Name} of {id.Assembly}: {mismatch}; its counts from this node are refused, never merged.";
        }

        private void Detach(RemoteNode node, List<ModuleSnapshot> totals)
        {
            lock (_gate)
            {
                _attached.Remove(node);
                Volatile.Write(ref _count, _attached.Count);
            }

            foreach (var total in totals)
            {
                AddToLocal(node.Address, total);
            }
        }

        private void AddToLocal(string address, ModuleSnapshot build)
        {
            var (assembly, module) = Registry.FindModule(build.Id) ?? Registry.AddImported(build, "node " + address);
            var mismatch = BuildRule.Mismatch(ModuleBuild.Of(assembly.Table, module, "this process"), build.Build("node " + address));
            if (mismatch != null)
            {
                Log.Warn($"data of node {address} for {build.Module.Name} is dropped: {mismatch}.");
                return;
            }

            assembly.Counters.AddRange(module.FirstSlot, build.Counts);
        }

        private void FetchAll(IReadOnlyList<RemoteNode> nodes)
        {
            if (nodes.Count == 1)
            {
                nodes[0].Fetch();
                return;
            }

            Task.WaitAll(nodes.Select(node => Task.Run(node.Fetch)).ToArray());
        }

        private List<RemoteNode> Nodes()
        {
            lock (_gate)
            {
                return _attached.ToList();
            }
        }

        private RemoteNode Get(string address)
        {
            var key = CoverNodeOptions.Normalize(address);
            lock (_gate)
            {
                return _attached.FirstOrDefault(node => node.Address == key) ?? throw NotAttached(address);
            }
        }

        internal static ArgumentException NotAttached(string address) =>
            new ArgumentException($"'{address}' is not an attached node; Cover.WhichNodes() lists them.", nameof(address));
    }
}
