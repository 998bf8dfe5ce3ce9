using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Data;
using CoverWeaver.Model;
using CoverWeaver.Runtime;

namespace CoverWeaver.Nodes
{
    /// <summary>
    /// The nodes attached with <see cref="Cover.Start(string[])"/>, as Erlang's <c>cover</c> keeps
    /// its remote nodes, and the build each remote-only module was first seen with. Analyses ask
    /// <see cref="Active"/> first, so without nodes they never come here.
    /// </summary>
    internal static class NodeSet
    {
        private static readonly object Gate = new object();
        private static readonly List<RemoteNode> Attached = new List<RemoteNode>();
        private static readonly Dictionary<string, (ulong Fingerprint, int Slots, CountingMode Mode, string Address)> FirstBuilds =
            new Dictionary<string, (ulong, int, CountingMode, string)>(StringComparer.Ordinal);

        private static int _count;

        /// <summary>Whether any node is attached: one volatile read, all that local analyses pay.</summary>
        public static bool Active => Volatile.Read(ref _count) > 0;

        public static IReadOnlyList<CoverNodeInfo> Start(IEnumerable<CoverNodeOptions> nodes)
        {
            var asked = new List<RemoteNode>();
            lock (Gate)
            {
                foreach (var options in nodes)
                {
                    var node = Attached.FirstOrDefault(n => n.Address == options.Address);
                    if (node == null)
                    {
                        node = new RemoteNode(options);
                        Attached.Add(node);
                    }
                    else
                    {
                        // The same process, so what was kept of it stays; the new options are how to
                        // reach it now, e.g. with the token it was first attached without.
                        node.Configure(options);
                    }

                    asked.Add(node);
                }

                Volatile.Write(ref _count, Attached.Count);
            }

            // A node that does not answer yet stays attached as lost, and joins when it answers.
            FetchAll(asked.Distinct().ToList());
            return asked.Select(node => node.Info()).ToList();
        }

        public static IReadOnlyList<CoverNodeInfo> Which()
        {
            return Nodes().Select(node => node.Info()).ToList();
        }

        public static CoverNodeInfo Flush(string address)
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
        public static void Stop(string address)
        {
            var node = Get(address);
            Detach(node, node.Detach());
        }

        /// <summary>Detaches a node without asking it, keeping everything kept of it, its last answer included.</summary>
        public static void Abandon(string address)
        {
            var node = Get(address);
            Detach(node, node.Abandon());
        }

        /// <summary>Every attached node's current counts, fetched now (in parallel), summed per module.</summary>
        public static Dictionary<string, (ModuleSnapshot Build, long[] Counts)> Refresh()
        {
            var nodes = Nodes();
            FetchAll(nodes);
            var sums = new Dictionary<string, (ModuleSnapshot Build, long[] Counts)>(StringComparer.Ordinal);
            foreach (var node in nodes)
            {
                foreach (var (build, total) in node.Totals())
                {
                    if (sums.TryGetValue(build.Module.Name, out var sum))
                    {
                        for (var i = 0; i < total.Length; i++)
                        {
                            sum.Counts[i] += total[i];
                        }
                    }
                    else
                    {
                        sums[build.Module.Name] = (build, total);
                    }
                }
            }

            return sums;
        }

        /// <summary>The modules the nodes brought, as last seen; no node is asked.</summary>
        public static IEnumerable<string> KnownModules()
        {
            return Nodes().SelectMany(node => node.Info().Modules).Distinct();
        }

        /// <summary>Forgets what the nodes counted for the modules named (all when null); true if any node knows one of them.</summary>
        public static bool Reset(ISet<string>? modules)
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
        internal static string? CheckBuild(string address, ModuleSnapshot snapshot)
        {
            var name = snapshot.Module.Name;
            (ulong Fingerprint, int Slots, CountingMode Mode, string Where) reference;
            var home = Registry.FindModule(name);
            if (home != null)
            {
                reference = (home.Value.Module.Fingerprint, home.Value.Module.SlotCount, home.Value.Assembly.Table.Mode, "this process");
            }
            else
            {
                lock (Gate)
                {
                    if (!FirstBuilds.TryGetValue(name, out var first))
                    {
                        FirstBuilds[name] = (snapshot.Module.Fingerprint, snapshot.Module.SlotCount, snapshot.Assembly.Mode, address);
                        return null;
                    }

                    reference = (first.Fingerprint, first.Slots, first.Mode, first.Address == address ? "this node brought before" : "node " + first.Address);
                }
            }

            if (reference.Fingerprint == snapshot.Module.Fingerprint && reference.Slots == snapshot.Module.SlotCount && reference.Mode == snapshot.Assembly.Mode)
            {
                return null;
            }

            return $"Node {address}: module {name} is another build of it ({snapshot.Assembly.AssemblyName} build {snapshot.Module.Fingerprint:x16}, " +
                   $"{snapshot.Module.SlotCount} counters, {snapshot.Assembly.Mode} mode) than {reference.Where} has (build {reference.Fingerprint:x16}, " +
                   $"{reference.Slots} counters, {reference.Mode} mode); its counts from this node are refused, never merged.";
        }

        private static void Detach(RemoteNode node, List<(ModuleSnapshot Build, long[] Total)> totals)
        {
            lock (Gate)
            {
                Attached.Remove(node);
                Volatile.Write(ref _count, Attached.Count);
            }

            foreach (var (build, total) in totals)
            {
                AddToLocal(node.Address, build, total);
            }
        }

        private static void AddToLocal(string address, ModuleSnapshot build, long[] total)
        {
            var (assembly, module) = Registry.FindModule(build.Module.Name) ?? Cover.AddImported("node " + address, new ModuleSnapshot(build.Assembly, build.Module, total));
            if (module.Fingerprint != build.Module.Fingerprint || module.SlotCount != total.Length)
            {
                Registry.Warn($"data of node {address} for {build.Module.Name} came from another build than the one now here; it is dropped.");
                return;
            }

            assembly.Counters.AddRange(module.FirstSlot, total);
        }

        private static void FetchAll(IReadOnlyList<RemoteNode> nodes)
        {
            if (nodes.Count == 1)
            {
                nodes[0].Fetch();
                return;
            }

            Task.WaitAll(nodes.Select(node => Task.Run(node.Fetch)).ToArray());
        }

        private static List<RemoteNode> Nodes()
        {
            lock (Gate)
            {
                return Attached.ToList();
            }
        }

        private static RemoteNode Get(string address)
        {
            var key = CoverNodeOptions.Normalize(address);
            lock (Gate)
            {
                return Attached.FirstOrDefault(node => node.Address == key) ?? throw NotAttached(address);
            }
        }

        internal static ArgumentException NotAttached(string address) =>
            new ArgumentException($"'{address}' is not an attached node; Cover.WhichNodes() lists them.", nameof(address));
    }
}
