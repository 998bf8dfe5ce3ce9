using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Nodes;

namespace CoverWeaver
{
    // Erlang's distributed cover: start/1, flush/1, stop/1 and which_nodes/0, over HTTP.
    public static partial class Cover
    {
        /// <summary>The nodes the Erlang API attaches: one collector for the static API, an instance like any other.</summary>
        internal static readonly NodeSet Nodes = new NodeSet();

        /// <summary>
        /// Attaches running instrumented processes by the base address of their coverage endpoint
        /// (e.g. <c>http://127.0.0.1:9464</c>), as Erlang's <c>cover:start(Nodes)</c>. From then on
        /// every analysis fetches each node's current counts and adds them to this process's.
        /// Each node is asked once now; one that does not answer is attached as lost and joins
        /// when it answers. Starting a node already attached keeps what was collected from it and
        /// takes the options given now, so a node attached without its token is fixed by starting
        /// it again with <see cref="Start(CoverNodeOptions[])"/> and the token.
        /// </summary>
        /// <remarks>
        /// A node started with a token (<c>COVERWEAVER_TOKEN</c>) must be attached with it. A node
        /// without a token serves reads, so analyses see it, but never a reset: <see cref="Flush"/>
        /// and <see cref="Stop"/> of it throw.
        /// </remarks>
        /// <returns>The state of each node named, after asking it.</returns>
        /// <exception cref="System.ArgumentException">An address is not an http or https URL.</exception>
        public static IReadOnlyList<CoverNodeInfo> Start(params string[] nodes)
        {
            return Nodes.Start(nodes.Select(address => new CoverNodeOptions(address)).ToList());
        }

        /// <summary>Attaches nodes with a token or a timeout of their own; otherwise as <see cref="Start(string[])"/>.</summary>
        public static IReadOnlyList<CoverNodeInfo> Start(params CoverNodeOptions[] nodes)
        {
            return Nodes.Start(nodes);
        }

        /// <summary>
        /// Collects a node's counts without detaching it, as Erlang's <c>cover:flush(Node)</c>: they
        /// are taken on the node with a reset (<c>POST snapshot?reset=true</c>) and kept here, so
        /// the node's total stays what it collected plus what it counts from now on.
        /// </summary>
        /// <returns>The node's state afterwards: live.</returns>
        /// <exception cref="System.ArgumentException">The node is not attached.</exception>
        /// <exception cref="System.InvalidOperationException">
        /// The node refused (401, 403: the message says which token to attach it with) or did not
        /// answer (the message asks whether it runs at that address), or its answer was damaged.
        /// The node is then marked lost and nothing kept of it changed.
        /// </exception>
        public static CoverNodeInfo Flush(string node)
        {
            return Nodes.Flush(node);
        }

        /// <summary>
        /// Detaches a node, as Erlang's <c>cover:stop(Node)</c>, which fetches the node's data and
        /// stores it on the main node: its counts are taken with a reset and, with all collected
        /// from it before, added to this process's own counts. They stay in analyses and exports
        /// until a reset. A module only the node had becomes an imported module.
        /// </summary>
        /// <remarks>
        /// A node that cannot be reset is not detached: its last answer is still on its counters,
        /// so keeping it here and attaching the node again would count it twice. It stays attached
        /// and lost, still counting what was collected from it and its last answer; fix what the
        /// message says and call Stop again, or, if its process is gone for good, <see cref="Abandon"/> it.
        /// </remarks>
        /// <exception cref="System.ArgumentException">The node is not attached.</exception>
        /// <exception cref="System.InvalidOperationException">
        /// The node refused (401, 403: the message says which token to attach it with), did not
        /// answer (the message asks whether it runs at that address), or its answer was damaged.
        /// It stays attached and nothing kept of it changed.
        /// </exception>
        public static void Stop(string node)
        {
            Nodes.Stop(node);
        }

        /// <summary>
        /// Detaches a node without asking it, for one whose process is gone for good: what was
        /// collected from it and its last answer are added to this process's own counts, as
        /// <see cref="Stop"/> adds them. Nothing was reset on the node, so if its process in fact
        /// still runs and is attached again, its last answer is counted twice; to detach a node
        /// that runs, make it answer and <see cref="Stop"/> it.
        /// </summary>
        /// <exception cref="System.ArgumentException">The node is not attached.</exception>
        public static void Abandon(string node)
        {
            Nodes.Abandon(node);
        }

        /// <summary>The attached nodes, in the order they were attached, each live or lost; no node is asked.</summary>
        public static IReadOnlyList<CoverNodeInfo> WhichNodes()
        {
            return Nodes.Which();
        }
    }
}
