using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Data;

namespace CoverWeaver.Nodes
{
    /// <summary>
    /// One attached node and all this process keeps of it. Every request to the node and every
    /// change to what is kept happens under <see cref="_sync"/>, so a flush and an analysis of the
    /// same node never interleave and a reset taken on the node is accounted for exactly once.
    /// </summary>
    internal sealed class RemoteNode
    {
        private readonly object _sync = new object();
        private CoverNodeOptions _options;
        private readonly Dictionary<ModuleId, NodeModule> _modules = new Dictionary<ModuleId, NodeModule>();
        private Dictionary<string, string> _refused = new Dictionary<string, string>(StringComparer.Ordinal);
        private NodeState _state = NodeState.Lost;
        private string? _error = "not contacted yet";
        private DateTimeOffset? _lastContact;
        private bool _detached;

        private readonly NodeSet _set;

        public RemoteNode(CoverNodeOptions options, NodeSet set)
        {
            _options = options;
            _set = set;
            Address = options.Address;
        }

        /// <summary>The node's address; the same in every options it is given.</summary>
        public string Address { get; }

        /// <summary>Talks to the node with these from now on (a token it was attached without, a longer timeout); what was kept of it stays.</summary>
        public void Configure(CoverNodeOptions options)
        {
            lock (_sync)
            {
                _options = options;
            }
        }

        /// <summary>Asks the node for its current counts; on failure it is marked lost and keeps what it had.</summary>
        public void Fetch()
        {
            lock (_sync)
            {
                if (!_detached)
                {
                    Contact(reset: false);
                }
            }
        }

        /// <summary>Takes the node's counts with a reset and keeps them here.</summary>
        /// <exception cref="InvalidOperationException">The node refused, did not answer or sent damaged data; it is marked lost, and nothing kept of it changed.</exception>
        public void Flush()
        {
            lock (_sync)
            {
                ThrowIfDetached();
                var error = Contact(reset: true);
                if (error != null)
                {
                    throw new InvalidOperationException("Cover.Flush failed. " + error.Message, error);
                }
            }
        }

        /// <summary>
        /// Takes the node's counts with a reset and returns every total kept of it; from then on it
        /// is never asked again. The totals are handed over only once the node's own counters were
        /// reset, so attaching the same process again cannot count them twice.
        /// </summary>
        /// <exception cref="InvalidOperationException">The node refused, did not answer or sent damaged data; it stays as it was, attached and lost.</exception>
        public List<ModuleSnapshot> Detach()
        {
            lock (_sync)
            {
                ThrowIfDetached();
                var error = Contact(reset: true);
                if (error != null)
                {
                    // Abandon is for a process that is gone; one that answered runs, and still holds its counts.
                    var gone = error is NodeUnreachableException { Answered: false }
                        ? $" If its process is gone for good, detach it without asking it: Cover.Abandon(\"{Address}\")."
                        : "";
                    throw new InvalidOperationException(
                        "Cover.Stop failed: the node's counts could not be taken with a reset, so it stays attached with what was collected from it. " + error.Message + gone,
                        error);
                }

                return Abandon();
            }
        }

        /// <summary>Every total kept of the node, without asking it; from then on it is never asked again.</summary>
        public List<ModuleSnapshot> Abandon()
        {
            lock (_sync)
            {
                ThrowIfDetached();
                var totals = Totals();
                _detached = true;
                return totals;
            }
        }

        /// <summary>
        /// A call that found the node attached and came here after another detached it: asking the
        /// node now would take counts with a reset that nothing would keep.
        /// </summary>
        private void ThrowIfDetached()
        {
            if (_detached)
            {
                throw NodeSet.NotAttached(Address);
            }
        }

        /// <summary>
        /// Forgets what the node counted so far for the modules named (all when null). The node is
        /// asked first, so hits up to this moment are the ones forgotten, not only those up to the
        /// last analysis; its own counters are left alone, since other collectors may read them.
        /// </summary>
        public void Reset(ISet<ModuleId>? modules)
        {
            lock (_sync)
            {
                if (!_detached)
                {
                    Contact(reset: false);
                }

                foreach (var pair in _modules)
                {
                    if (modules == null || modules.Contains(pair.Key))
                    {
                        pair.Value.Reset();
                    }
                }
            }
        }

        public bool Knows(ModuleId module)
        {
            lock (_sync)
            {
                return _modules.ContainsKey(module);
            }
        }

        /// <summary>The modules this node brought, by identity.</summary>
        public List<ModuleId> Modules()
        {
            lock (_sync)
            {
                return _modules.Keys.ToList();
            }
        }

        /// <summary>Every accepted module with this node's total counts of it; none once detached, since they were handed over then.</summary>
        public List<ModuleSnapshot> Totals()
        {
            lock (_sync)
            {
                if (_detached)
                {
                    return new List<ModuleSnapshot>();
                }

                return _modules.Values.Select(module => new ModuleSnapshot(module.Build.Assembly, module.Build.Module, module.Total())).ToList();
            }
        }

        public CoverNodeInfo Info()
        {
            lock (_sync)
            {
                return new CoverNodeInfo(
                    Address,
                    _state,
                    _state == NodeState.Lost ? _error : null,
                    _lastContact,
                    _modules.Keys.Select(id => id.Type).Distinct().OrderBy(name => name, StringComparer.Ordinal).ToList(),
                    _refused.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).ToList());
            }
        }

        /// <summary>Null when the node answered, otherwise why not (the node is then lost).</summary>
        private Exception? Contact(bool reset)
        {
            List<ModuleSnapshot> snapshots;
            try
            {
                var bytes = NodeHttp.Snapshot(Address, _options.Token, _options.Timeout, reset);
                snapshots = CoverageFile.Decode(bytes, $"The snapshot of node {Address}");
            }
            catch (Exception e) when (e is NodeUnreachableException || e is InvalidDataException)
            {
                // Counts taken with a reset but not read are lost on the node's side; that can only
                // happen when the answer itself was damaged, which the message then says.
                _state = NodeState.Lost;
                _error = e.Message;
                return e;
            }

            var refused = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var snapshot in snapshots)
            {
                var name = snapshot.Module.Name;
                var id = snapshot.Id;
                var refusal = _set.CheckBuild(Address, snapshot);
                if (refusal == null && _modules.TryGetValue(id, out var known))
                {
                    // The node may have come back running another build than the one it brought first.
                    var mismatch = BuildRule.Mismatch(known.Build.Build("this node before"), snapshot.Build("node " + Address));
                    refusal = mismatch == null ? null : $"Node {Address}: module {name} of {id.Assembly}: {mismatch}; its new counts are refused, never merged.";
                }

                if (refusal != null)
                {
                    refused[name] = refusal;
                    continue;
                }

                if (!_modules.TryGetValue(id, out var module))
                {
                    module = new NodeModule(snapshot);
                    _modules[id] = module;
                }

                if (reset)
                {
                    module.Collect(snapshot.Counts);
                }
                else
                {
                    module.Observe(snapshot.Counts);
                }
            }

            _refused = refused;
            _state = NodeState.Live;
            _error = null;
            _lastContact = DateTimeOffset.Now;
            return null;
        }
    }
}
