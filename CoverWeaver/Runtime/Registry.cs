using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using CoverWeaver.Data;
using CoverWeaver.Diagnostics;
using CoverWeaver.Model;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// Every woven assembly this process knows: those loaded (found through their embedded probe
    /// table, before any of their code runs), those lying beside the application unloaded, and
    /// those only known from imported data. One lock guards it; the hot path never takes it.
    /// </summary>
    internal static class Registry
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, WovenAssembly> ByKey = new Dictionary<string, WovenAssembly>();
        private static readonly Dictionary<ModuleId, ModuleHome> ByModule = new Dictionary<ModuleId, ModuleHome>();

        // Type name to the modules of that name, ordered by assembly: usually one.
        private static readonly Dictionary<string, List<ModuleId>> ByType = new Dictionary<string, List<ModuleId>>(StringComparer.Ordinal);
        // Weak keys: remembering an assembly must not keep a collectible load context from unloading.
        private static readonly ConditionalWeakTable<Assembly, object> Seen = new ConditionalWeakTable<Assembly, object>();
        private static readonly ConditionalWeakTable<Assembly, WovenAssembly> LoadedAssemblies = new ConditionalWeakTable<Assembly, WovenAssembly>();
        private static bool _discovered;

        // Keys of assemblies known only from imported data start with this; loaded and file ones do not.
        private const string ImportedKeyPrefix = "import:";
        private static List<(WovenAssembly Assembly, ModuleProbes Module)>? _modules;

        /// <summary>How sure we are that a module's table is the one running here; the surer source wins a name.</summary>
        private enum Source
        {
            Imported = 0,
            File = 1,
            Loaded = 2,
        }

        /// <summary>
        /// The woven assembly a holder type belongs to, when its probe table is readable and has the
        /// counting mode and slots its code was woven with; otherwise null, after saying why.
        /// </summary>
        public static WovenAssembly? Attach(RuntimeTypeHandle holder, int slotCount, CountingMode mode)
        {
            try
            {
                var assembly = Type.GetTypeFromHandle(holder).Assembly;
                WovenAssembly? woven;
                lock (Gate)
                {
                    woven = RegisterLoaded(assembly);
                }

                if (woven != null && woven.Counters.SlotCount >= slotCount && woven.Table.Mode == mode)
                {
                    woven.BeforeCodeRuns();
                    return woven;
                }

                Log.Warn($"the probe table of {assembly.FullName} does not match its code; its coverage is not recorded.");
            }
            catch (Exception e)
            {
                Log.Warn("could not attach a woven assembly: " + e.Message);
            }

            return null;
        }

        /// <summary>All known woven assemblies.</summary>
        public static IReadOnlyList<WovenAssembly> Assemblies()
        {
            lock (Gate)
            {
                Discover();
                return ByKey.Values.ToList();
            }
        }

        /// <summary>
        /// Every known module, ordered by type name and then assembly. The list is made again only
        /// when a module was added since, so asking costs nothing on a process that loads nothing new.
        /// </summary>
        public static IReadOnlyList<(WovenAssembly Assembly, ModuleProbes Module)> Modules()
        {
            lock (Gate)
            {
                Discover();
                return _modules ??= ByModule
                    .OrderBy(pair => pair.Key.Type, StringComparer.Ordinal)
                    .ThenBy(pair => pair.Key.Assembly, StringComparer.Ordinal)
                    .Select(pair => (pair.Value.Assembly, pair.Value.Module))
                    .ToList();
            }
        }

        /// <summary>
        /// The module a name stands for: <c>Type</c>, or <c>Type, Assembly</c>. Null when none is known.
        /// </summary>
        /// <exception cref="ArgumentException">The type name alone is declared by several woven assemblies.</exception>
        public static (WovenAssembly Assembly, ModuleProbes Module)? FindModule(string name)
        {
            var (type, assembly) = ModuleId.Parse(name);
            lock (Gate)
            {
                Discover();
                if (assembly != null)
                {
                    return ByModule.TryGetValue(new ModuleId(assembly, type), out var exact) ? (exact.Assembly, exact.Module) : ((WovenAssembly, ModuleProbes)?)null;
                }

                if (!ByType.TryGetValue(type, out var ids))
                {
                    return null;
                }

                if (ids.Count > 1)
                {
                    throw ModuleId.Ambiguous(type, ids, nameof(name));
                }

                var home = ByModule[ids[0]];
                return (home.Assembly, home.Module);
            }
        }

        /// <summary>The module with this identity, or null.</summary>
        public static (WovenAssembly Assembly, ModuleProbes Module)? FindModule(ModuleId id)
        {
            lock (Gate)
            {
                Discover();
                return ByModule.TryGetValue(id, out var home) ? (home.Assembly, home.Module) : ((WovenAssembly, ModuleProbes)?)null;
            }
        }

        /// <summary>Sets every counter of every known module to zero, as one step per counter.</summary>
        public static void ResetAll()
        {
            foreach (var assembly in Assemblies())
            {
                assembly.Counters.ReadAndReset(0, assembly.Counters.SlotCount, null);
            }
        }

        /// <summary>
        /// Registers a module this process lacks as imported, from <paramref name="origin"/> (a file,
        /// or a node): its table alone, its slots from 0.
        /// </summary>
        public static (WovenAssembly Assembly, ModuleProbes Module) AddImported(ModuleSnapshot data, string origin)
        {
            var assembly = GetOrAddImported(ImportedTable.For(data.Assembly, data.Module), origin);
            return (assembly, assembly.Table.Modules[0]);
        }

        /// <summary>Whether this process has the build <paramref name="buildId"/> of assembly <paramref name="assembly"/>, loaded or beside it.</summary>
        public static bool HasBuild(string assembly, ulong buildId)
        {
            lock (Gate)
            {
                Discover();
                return ByKey.Values.Any(woven => !woven.Key.StartsWith(ImportedKeyPrefix, StringComparison.Ordinal)
                    && woven.Table.AssemblyName == assembly && woven.Table.BuildId == buildId);
            }
        }

        /// <summary>
        /// Adds a module known only from imported data (its table holds that one module), or returns
        /// the entry an earlier import of it made.
        /// </summary>
        private static WovenAssembly GetOrAddImported(AssemblyProbeTable table, string origin)
        {
            lock (Gate)
            {
                var module = table.Modules[0];
                return GetOrAdd(table, origin, Source.Imported, ImportedKeyPrefix + new ModuleId(table.AssemblyName, module.Name).Qualified);
            }
        }

        /// <summary>
        /// Finds the woven assemblies already loaded and, once, those lying beside the application;
        /// after that, an assembly is registered when it loads, never by asking again.
        /// </summary>
        private static void Discover()
        {
            if (_discovered)
            {
                return;
            }

            _discovered = true;
            AppDomain.CurrentDomain.AssemblyLoad += (_, args) =>
            {
                lock (Gate)
                {
                    RegisterLoaded(args.LoadedAssembly);
                }
            };

            var loaded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                RegisterLoaded(assembly);
                var location = Location(assembly);
                loaded.Add(location);
            }

            ScanDirectory(AppContext.BaseDirectory, loaded);
        }

        private static WovenAssembly? RegisterLoaded(Assembly assembly)
        {
            if (LoadedAssemblies.TryGetValue(assembly, out var known))
            {
                return known;
            }

            if (Seen.TryGetValue(assembly, out _) || assembly.IsDynamic)
            {
                return null;
            }

            Seen.Add(assembly, Gate);

            try
            {
                using var stream = assembly.GetManifestResourceStream(ProbeTableCodec.ResourceName);
                if (stream == null)
                {
                    return null;
                }

                var table = ProbeTableCodec.Decode(ReadAll(stream), $"the probe table of {assembly.FullName}");
                var woven = GetOrAdd(table, Location(assembly), Source.Loaded);
                woven.Mvid ??= assembly.ManifestModule.ModuleVersionId;
                LoadedAssemblies.Add(assembly, woven);
                return woven;
            }
            catch (Exception e) when (e is IOException || e is NotSupportedException || e is BadImageFormatException)
            {
                // Includes InvalidDataException: a damaged table is reported, never thrown into the host.
                Log.Warn(e.Message);
                return null;
            }
        }

        /// <summary>
        /// Registers the woven assemblies in <paramref name="directory"/> that are not loaded, reading
        /// only each file's headers and resources, never loading it.
        /// </summary>
        private static void ScanDirectory(string? directory, ISet<string> loaded)
        {
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                return;
            }

            string[] files;
            try
            {
                files = Directory.GetFiles(directory, "*.dll").Concat(Directory.GetFiles(directory, "*.exe")).ToArray();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return;
            }

            foreach (var file in files)
            {
                if (loaded.Contains(Path.GetFullPath(file)))
                {
                    continue;
                }

                try
                {
                    var resource = ManagedResources.Find(file, ProbeTableCodec.Magic);
                    var table = resource == null ? null : ProbeTableCodec.FindIn(resource);
                    if (table != null)
                    {
                        GetOrAdd(table, file, Source.File);
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
                {
                    // A file we cannot read is not ours to report on; the loaded copy, if any, still registers.
                }
            }
        }

        private static WovenAssembly GetOrAdd(AssemblyProbeTable table, string origin, Source source, string? key = null)
        {
            key ??= WovenAssembly.KeyOf(table);
            if (!ByKey.TryGetValue(key, out var woven))
            {
                woven = new WovenAssembly(table, origin, key);
                ByKey[key] = woven;
            }

            foreach (var module in woven.Table.Modules)
            {
                var id = new ModuleId(table.AssemblyName, module.Name);
                if (!ByModule.TryGetValue(id, out var home))
                {
                    ByModule[id] = new ModuleHome(woven, module, source);
                    if (!ByType.TryGetValue(module.Name, out var ids))
                    {
                        ByType[module.Name] = ids = new List<ModuleId>(1);
                    }

                    ids.Add(id);
                    ids.Sort((a, b) => string.CompareOrdinal(a.Assembly, b.Assembly));
                    _modules = null;
                }
                else if (home.Source < source)
                {
                    ByModule[id] = new ModuleHome(woven, module, source);
                    CarryImportedCounts(home, woven, module);
                    _modules = null;
                }
            }

            return woven;
        }

        /// <summary>
        /// Counts imported before the module's own assembly turned up belong to it, as Erlang's
        /// imported data adds to the module's: move them over when the build rule allows.
        /// </summary>
        private static void CarryImportedCounts(ModuleHome previous, WovenAssembly woven, ModuleProbes module)
        {
            if (previous.Source != Source.Imported)
            {
                return;
            }

            var mismatch = BuildRule.Mismatch(
                ModuleBuild.Of(woven.Table, module, woven.Origin),
                ModuleBuild.Of(previous.Assembly.Table, previous.Module, "the imported data"));
            if (mismatch != null)
            {
                Log.Warn($"data imported for {module.Name} is no longer analysed now that {woven.Origin} is here: {mismatch}.");
                return;
            }

            var counts = new long[module.SlotCount];
            previous.Assembly.Counters.ReadAndReset(previous.Module.FirstSlot, counts.Length, counts);
            woven.Counters.AddRange(module.FirstSlot, counts);
        }

        private static string Location(Assembly assembly)
        {
            try
            {
                return string.IsNullOrEmpty(assembly.Location) ? assembly.FullName ?? "?" : assembly.Location;
            }
            catch (NotSupportedException)
            {
                return assembly.FullName ?? "?";
            }
        }

        private static byte[] ReadAll(Stream stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        private sealed class ModuleHome
        {
            public ModuleHome(WovenAssembly assembly, ModuleProbes module, Source source)
            {
                Assembly = assembly;
                Module = module;
                Source = source;
            }

            public WovenAssembly Assembly { get; }
            public ModuleProbes Module { get; }
            public Source Source { get; }
        }
    }
}
