using System;
using System.Collections.Generic;
using CoverWeaver.Diagnostics;
using CoverWeaver.Model;
using CoverWeaver.Persistence;

namespace CoverWeaver.Runtime
{
    /// <summary>A woven assembly known to this process: its probe table and its counters.</summary>
    internal sealed class WovenAssembly
    {
        private readonly Dictionary<string, ModuleProbes> _modules = new Dictionary<string, ModuleProbes>();
        private readonly object _attachGate = new object();
        private bool _attached;

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

        /// <summary>The loaded module's MVID, when this build is loaded here: what debuggers and symbol servers know it by.</summary>
        public System.Guid? Mvid { get; set; }

        public ICounterStore Counters { get; }

        /// <summary>Where the table came from (an assembly location, a file, or an import), for messages.</summary>
        public string Origin { get; }

        /// <summary>The key that tells builds apart: the same name and build id mean the same probes.</summary>
        public string Key { get; }

        public static string KeyOf(AssemblyProbeTable table) => table.AssemblyName + "/" + table.BuildId.ToString("x16");

        /// <summary>The counter files woven code writes, when this process keeps its counters in files.</summary>
        public LiveCounterFiles? Files { get; private set; }

        /// <summary>
        /// Called each time woven code of this assembly asks for counters, before it gets an address.
        /// The first time, decides whether they live in files (see <see cref="PersistenceSettings"/>):
        /// an assembly that is only known, never run, writes no file.
        /// </summary>
        public void BeforeCodeRuns()
        {
            lock (_attachGate)
            {
                if (_attached)
                {
                    return;
                }

                _attached = true;
                var directory = PersistenceSettings.Decide();
                if (directory == null)
                {
                    return;
                }

                try
                {
                    var files = LiveCounterFiles.Create(directory, Table, PersistenceSettings.Instance, PersistenceSettings.ProcessId);
                    if (Counters.PersistTo(files))
                    {
                        Files = files;
                    }
                }
                catch (Exception e)
                {
                    // Whatever went wrong, woven code must still get counters: memory ones.
                    Log.Warn($"could not keep the counters of {Table.AssemblyName} in {directory} ({e.Message}); they are kept in memory only.");
                }
            }
        }

        public ModuleProbes? FindModule(string name) => _modules.TryGetValue(name, out var module) ? module : null;
    }
}
