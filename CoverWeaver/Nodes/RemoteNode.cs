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
        private readonly CoverNodeOptions _options;
        private readonly Dictionary<ModuleId, NodeModule> _modules = new Dictionary<ModuleId, NodeModule>();
        private Dictionary<string, string> _refused = new Dictionary<string, string>(StringComparer.Ordinal);
        private NodeState _state = NodeState.Lost;
        private string? _error = "not contacted yet";
        private DateTimeOffset? _lastContact;

        public RemoteNode(CoverNodeOptions options)
        {
            _options = options;
        }

        public string Address => _options.Address;

        /// <summary>Asks the node for its current counts; on failure it is marked lost and keeps what it had.</summary>
        public void Fetch()
        {
            lock (_sync)
            {
                Contact(reset: false);
            }
        }

        /// <summary>Takes the node's counts with a reset and keeps them here; false if the node did not answer.</summary>
        public bool Flush()
        {
            lock (_sync)
            {
                return Contact(reset: true);
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
                Contact(reset: false);
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

        /// <summary>Every accepted module with this node's total for it.</summary>
        public List<(ModuleSnapshot Build, long[] Total)> Totals()
        {
            lock (_sync)
            {
                return _modules.Values.Select(module => (module.Build, module.Total())).ToList();
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

        private bool Contact(bool reset)
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
                return false;
            }

            var refused = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var snapshot in snapshots)
            {
                var name = snapshot.Module.Name;
                var id = snapshot.Id;
                var refusal = NodeSet.CheckBuild(Address, snapshot);
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
            return true;
        }
    }
}
