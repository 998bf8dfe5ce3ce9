using System.Linq;
using Mono.Cecil;
using CoverWeaver.Model;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Instruments a module in memory: plans every probe, adds the runtime reference and the
    /// counters' holder, rewrites the method bodies and embeds the probe table. Used by the Fody
    /// addin at build time and by <see cref="AssemblyInstrumenter"/> on built assemblies.
    /// </summary>
    public sealed class ModuleInstrumenter
    {
        private readonly WeaveOptions _options;
        private readonly IWeaveLog _log;

        /// <summary>Creates an instrumenter with the given options, reporting to <paramref name="log"/>.</summary>
        public ModuleInstrumenter(WeaveOptions options, IWeaveLog log)
        {
            _options = options;
            _log = log;
        }

        /// <summary>
        /// Instruments <paramref name="module"/>, whose symbols must have been read. A module with no
        /// portable PDB, or already instrumented, is left untouched with a message saying so.
        /// </summary>
        /// <param name="module">The module to instrument.</param>
        /// <param name="sourceRootHint">
        /// A directory at or below where the sources live (the project's directory), to find them
        /// when the PDB names mapped paths (<c>/_/...</c>) as deterministic builds do; null to take
        /// the PDB's paths as they are.
        /// </param>
        public InstrumentResult Instrument(ModuleDefinition module, string? sourceRootHint = null)
        {
            var name = module.Assembly?.Name.Name ?? module.Name;
            if (IsInstrumented(module))
            {
                return Skip($"{name} is already instrumented by CoverWeaver; left as it is.", warn: false);
            }

            if (!module.HasSymbols || module.SymbolReader == null)
            {
                return Skip($"{name} has no PDB, so its lines are unknown; it is left uninstrumented. Build it with <DebugType>portable</DebugType> or embedded.", warn: true);
            }

            if (module.SymbolReader.GetType().Name.IndexOf("Portable", System.StringComparison.Ordinal) < 0)
            {
                return Skip($"{name} has a Windows PDB; CoverWeaver reads portable PDBs only, so it is left uninstrumented. Build it with <DebugType>portable</DebugType> or embedded.", warn: true);
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var plan = new ProbePlanner(_options, new DocumentPaths(sourceRootHint)).Plan(module);
            if (plan.Table.Modules.Count == 0)
            {
                return Skip($"{name} has no executable line to instrument.", warn: false);
            }

            var runtime = RuntimeReferences.AddTo(module, plan.Table.SlotCount, plan.Table.Mode);
            var inserter = new ProbeInserter(runtime);
            foreach (var method in plan.Methods)
            {
                inserter.Instrument(method.Method, method.Points, method.EntrySlot);
            }

            module.Resources.Add(new EmbeddedResource(ProbeTableCodec.ResourceName, ManifestResourceAttributes.Private, ProbeTableCodec.Encode(plan.Table)));
            var message = $"{name}: {plan.Table.Modules.Count} modules, {plan.Table.SlotCount} probes, {_options.Mode.ToString().ToLowerInvariant()} mode, woven in {watch.ElapsedMilliseconds} ms.";
            _log.Info(message);
            return new InstrumentResult(true, message, plan.Table.Modules.Count, plan.Table.SlotCount);
        }

        /// <summary>Whether a module already carries CoverWeaver's probes.</summary>
        public static bool IsInstrumented(ModuleDefinition module)
        {
            return module.Types.Any(t => t.Name == ProbeTableCodec.HolderTypeName) ||
                   module.Resources.Any(r => r.Name == ProbeTableCodec.ResourceName);
        }

        private InstrumentResult Skip(string message, bool warn)
        {
            if (warn)
            {
                _log.Warning(message);
            }
            else
            {
                _log.Info(message);
            }

            return new InstrumentResult(false, message);
        }
    }
}
