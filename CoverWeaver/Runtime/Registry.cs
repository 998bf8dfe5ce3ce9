using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
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
        private static readonly Dictionary<string, ModuleHome> ByModule = new Dictionary<string, ModuleHome>(StringComparer.Ordinal);
        // Weak keys: remembering an assembly must not keep a collectible load context from unloading.
        private static readonly ConditionalWeakTable<Assembly, object> Seen = new ConditionalWeakTable<Assembly, object>();
        private static readonly ConditionalWeakTable<Assembly, WovenAssembly> LoadedAssemblies = new ConditionalWeakTable<Assembly, WovenAssembly>();
        private static bool _listening;
        private static bool _scannedBaseDirectory;

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
            // Off unless COVERWEAVER_LISTEN asks; never throws.
            Server.AutoStart.OnAttach();
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

                Warn($"the probe table of {assembly.FullName} does not match its code; its coverage is not recorded.");
            }
            catch (Exception e)
            {
                Warn("could not attach a woven assembly: " + e.Message);
            }

            return null;
        }

        /// <summary>All known woven assemblies, after looking for any not seen yet.</summary>
        public static IReadOnlyList<WovenAssembly> Assemblies()
        {
            lock (Gate)
            {
                Discover();
                return ByKey.Values.ToList();
            }
        }

        /// <summary>Every known module, by name.</summary>
        public static IReadOnlyList<(WovenAssembly Assembly, ModuleProbes Module)> Modules()
        {
            lock (Gate)
            {
                Discover();
                return ByModule.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                    .Select(pair => (pair.Value.Assembly, pair.Value.Module))
                    .ToList();
            }
        }

        public static (WovenAssembly Assembly, ModuleProbes Module)? FindModule(string name)
        {
            lock (Gate)
            {
                Discover();
                return ByModule.TryGetValue(name, out var home) ? (home.Assembly, home.Module) : ((WovenAssembly, ModuleProbes)?)null;
            }
        }

        /// <summary>
        /// Adds a module known only from imported data (its table holds that one module), or returns
        /// the entry an earlier import of the same build of it made.
        /// </summary>
        public static WovenAssembly GetOrAddImported(AssemblyProbeTable table, string origin)
        {
            lock (Gate)
            {
                // Keyed by the module's own build, so files from differently built assemblies that
                // hold the same build of a module add up in one place.
                var module = table.Modules[0];
                return GetOrAdd(table, origin, Source.Imported, "import:" + module.Name + "/" + module.Fingerprint.ToString("x16"));
            }
        }

        private static void Discover()
        {
            if (!_listening)
            {
                _listening = true;
                AppDomain.CurrentDomain.AssemblyLoad += (_, args) =>
                {
                    lock (Gate)
                    {
                        RegisterLoaded(args.LoadedAssembly);
                    }
                };
            }

            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                RegisterLoaded(assembly);
            }

            if (!_scannedBaseDirectory)
            {
                _scannedBaseDirectory = true;
                ScanDirectory(AppContext.BaseDirectory);
            }
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
                Warn(e.Message);
                return null;
            }
        }

        private static void ScanDirectory(string? directory)
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
                try
                {
                    var info = new FileInfo(file);
                    if (info.Length > MaxScannedFileBytes)
                    {
                        continue;
                    }

                    var table = ProbeTableCodec.FindIn(File.ReadAllBytes(file));
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

        private const long MaxScannedFileBytes = 256L * 1024 * 1024;

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
                if (!ByModule.TryGetValue(module.Name, out var home))
                {
                    ByModule[module.Name] = new ModuleHome(woven, module, source);
                }
                else if (home.Source < source)
                {
                    ByModule[module.Name] = new ModuleHome(woven, module, source);
                    CarryImportedCounts(home, woven, module);
                }
            }

            return woven;
        }

        /// <summary>
        /// Counts imported before the module's own assembly turned up belong to it, as Erlang's
        /// imported data adds to the module's: move them over when the builds match.
        /// </summary>
        private static void CarryImportedCounts(ModuleHome previous, WovenAssembly woven, ModuleProbes module)
        {
            if (previous.Source != Source.Imported)
            {
                return;
            }

            if (previous.Module.Fingerprint != module.Fingerprint || previous.Module.SlotCount != module.SlotCount)
            {
                Warn($"data imported for {module.Name} came from another build than the one now loaded; it is no longer analysed.");
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

        internal static void Warn(string message)
        {
            try
            {
                Console.Error.WriteLine("CoverWeaver: " + message);
            }
            catch (IOException)
            {
                // Nowhere to say it; coverage problems must never stop the host program.
            }
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
