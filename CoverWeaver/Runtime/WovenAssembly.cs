using System.Collections.Generic;
using CoverWeaver.Model;

namespace CoverWeaver.Runtime
{
    /// <summary>A woven assembly known to this process: its probe table and its counters.</summary>
    internal sealed class WovenAssembly
    {
        private readonly Dictionary<string, ModuleProbes> _modules = new Dictionary<string, ModuleProbes>();

        public WovenAssembly(AssemblyProbeTable table, string origin, string key)
        {
            Table = table;
            Key = key;
            Origin = origin;
            Counters = table.Mode == CountingMode.Set ? new SetCounters(table.SlotCount) : (ICounterStore)new ThreadCounters(table.SlotCount);
            foreach (var module in table.Modules)
            {
                _modules[module.Name] = module;
            }
        }

        public AssemblyProbeTable Table { get; }

        public ICounterStore Counters { get; }

        /// <summary>Where the table came from (an assembly location, a file, or an import), for messages.</summary>
        public string Origin { get; }

        /// <summary>The key that tells builds apart: the same name and build id mean the same probes.</summary>
        public string Key { get; }

        public static string KeyOf(AssemblyProbeTable table) => table.AssemblyName + "/" + table.BuildId.ToString("x16");

        public ModuleProbes? FindModule(string name) => _modules.TryGetValue(name, out var module) ? module : null;
    }
}
