using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
using CoverWeaver.Model;
using CoverWeaver.Nodes;
using CoverWeaver.Persistence;
using CoverWeaver.Report;
using CoverWeaver.Runtime;

namespace CoverWeaver
{
    /// <summary>
    /// Coverage of the woven code in this process, analysed as Erlang's <c>cover</c> does. Every
    /// woven module is known as soon as its assembly is loaded (or lies unloaded beside the
    /// application), so a module that never ran shows as 0%, never as missing. With nodes
    /// attached (<see cref="Start(string[])"/>), analyses add the counts of those processes.
    /// </summary>
    public static partial class Cover
    {
        /// <summary>The analysis of one module at one level, rows in source order.</summary>
        /// <param name="module">
        /// The module's name as <c>Type.FullName</c> prints it, or <c>Type, Assembly</c> (the assembly's
        /// simple name) where several woven assemblies declare a type of that name.
        /// </param>
        /// <param name="analysis">Coverage or calls; rows carry both, this picks what <see cref="CoverRow.ToString"/> prints.</param>
        /// <param name="level">Module, function, clause or line.</param>
        /// <exception cref="ArgumentException">The module is not a woven module known to this process, or its type name alone is ambiguous.</exception>
        public static IReadOnlyList<CoverRow> Analyse(string module, Analysis analysis, Level level)
        {
            if (!Nodes.Active)
            {
                return Analyser.Analyse(Snapshot(Find(module)), analysis, level);
            }

            return Analyser.Analyse(WithNodes(IdOf(module), Nodes.Refresh()), analysis, level);
        }

        /// <summary>The analysis of the module a type is, at one level.</summary>
        /// <param name="module">The type; a constructed generic type stands for its definition.</param>
        /// <param name="analysis">Coverage or calls.</param>
        /// <param name="level">Module, function, clause or line.</param>
        public static IReadOnlyList<CoverRow> Analyse(Type module, Analysis analysis, Level level)
        {
            return Analyse(NameOf(module), analysis, level);
        }

        /// <summary>The analysis of every woven module, modules ordered by name, each module's rows in source order.</summary>
        public static IReadOnlyList<CoverRow> Analyse(Analysis analysis, Level level)
        {
            if (!Nodes.Active)
            {
                var perModule = Registry.Modules().Select(home => Analyser.Analyse(Snapshot(home), analysis, level)).ToList();
                var rows = new List<CoverRow>(perModule.Sum(list => list.Count));
                foreach (var list in perModule)
                {
                    rows.AddRange(list);
                }

                return rows;
            }

            var remote = Nodes.Refresh();
            return Registry.Modules().Select(home => IdOf(home)).Union(remote.Keys)
                .OrderBy(id => id.Type, StringComparer.Ordinal).ThenBy(id => id.Assembly, StringComparer.Ordinal)
                .SelectMany(id => Analyser.Analyse(WithNodes(id, remote), analysis, level))
                .ToList();
        }

        /// <summary>
        /// The names of every woven module, ordered: this process's, and those attached nodes
        /// brought when last asked (no node is asked here). A type name declared by several woven
        /// assemblies is listed once per assembly, as <c>Type, Assembly</c>.
        /// </summary>
        public static IReadOnlyList<string> Modules()
        {
            var ids = Registry.Modules().Select(home => IdOf(home));
            if (Nodes.Active)
            {
                ids = ids.Union(Nodes.KnownModules());
            }

            var list = ids.OrderBy(id => id.Type, StringComparer.Ordinal).ThenBy(id => id.Assembly, StringComparer.Ordinal).ToList();
            var ambiguous = new HashSet<string>(list.GroupBy(id => id.Type).Where(g => g.Count() > 1).Select(g => g.Key), StringComparer.Ordinal);
            return list.Select(id => ambiguous.Contains(id.Type) ? id.Qualified : id.Type).ToList();
        }

        /// <summary>How <paramref name="module"/> records hits: exact counts, or in set mode only whether each line ran.</summary>
        /// <exception cref="ArgumentException">The module is not a woven module known to this process.</exception>
        public static Counting CountingOf(string module)
        {
            return Find(module).Assembly.Table.Mode == CountingMode.Set ? Counting.Set : Counting.Count;
        }

        /// <summary>Whether <paramref name="module"/> is a woven module known to this process.</summary>
        public static bool IsCompiled(string module)
        {
            return Registry.FindModule(module) != null;
        }

        /// <summary>
        /// Sets every counter of every module to zero; with nodes attached, also forgets what they
        /// counted so far, as Erlang's reset does on all nodes (their own counters are left alone).
        /// </summary>
        public static void Reset()
        {
            Registry.ResetAll();

            if (Nodes.Active)
            {
                Nodes.Reset(null);
            }
        }

        /// <summary>Sets the counters of one module to zero, here and in what attached nodes counted.</summary>
        /// <exception cref="ArgumentException">Neither this process nor an attached node knows the module.</exception>
        public static void Reset(string module)
        {
            if (module == null)
            {
                throw new ArgumentNullException(nameof(module));
            }

            var home = Registry.FindModule(module);
            var remote = Nodes.Active && Nodes.Reset(new HashSet<ModuleId> { IdOf(module) });
            if (home == null && !remote)
            {
                Find(module);
            }

            home?.Assembly.Counters.ReadAndReset(home.Value.Module.FirstSlot, home.Value.Module.SlotCount, null);
        }

        /// <summary>
        /// Writes the module's source annotated with how often each executable line ran, as Erlang's
        /// <c>cover:analyse_to_file/1</c>, and returns the path written.
        /// </summary>
        /// <param name="module">The module's name.</param>
        /// <param name="outFile">Where to write; by default <c>Module.COVER.out</c> in the current directory.</param>
        /// <exception cref="FileNotFoundException">The module's source file is not where the build saw it; the message names the path.</exception>
        public static string AnalyseToFile(string module, string? outFile = null)
        {
            var counts = Nodes.Active ? WithNodes(IdOf(module), Nodes.Refresh()) : Snapshot(Find(module));
            var path = Path.GetFullPath(outFile ?? module + ".COVER.out");
            AnnotatedSource.Write(counts, path, DateTime.Now);
            return path;
        }

        /// <summary>
        /// Writes the counts of one module, or of all, to a file that <see cref="Import(string)"/> reads back,
        /// here or in another process. The file is replaced whole, never left half-written.
        /// </summary>
        public static void Export(string path, string? module = null)
        {
            var homes = module == null ? Registry.Modules() : new[] { Find(module) };
            AtomicFile.WriteAllBytes(path, CoverageFile.Encode(Snapshots.Take(reset: false, homes)));
        }

        /// <summary>
        /// Keeps this process's counters in memory-mapped files in <paramref name="directory"/> (made if
        /// missing), so that every hit is on disk even if the process is killed: a later
        /// <see cref="Import(string)"/> of the directory, from another process, adds them. Each process writes
        /// only files of its own, named <c>Assembly-build-pid-instance-n.cwcounters</c>, so processes
        /// may share a directory. Without this call, the environment variable <c>COVERWEAVER_DATA</c>
        /// names the directory, read when woven code first runs. The files hold each slot's hits
        /// since the process's last reset of it, never counts the process imported.
        /// </summary>
        /// <param name="directory">Where to keep the counter files.</param>
        /// <exception cref="InvalidOperationException">
        /// Woven code has already started counting elsewhere (in memory or another directory); call this
        /// before any woven code runs, from code that is not woven itself.
        /// </exception>
        public static void PersistTo(string directory)
        {
            if (directory == null)
            {
                throw new ArgumentNullException(nameof(directory));
            }

            PersistenceSettings.Request(directory);
        }

        /// <summary>
        /// Writes the line coverage of every module as an LCOV tracefile (one record per source file,
        /// methods with their call counts, lines as the line analysis counts them) and returns the path written.
        /// </summary>
        public static string WriteLcov(string path)
        {
            var full = Path.GetFullPath(path);
            AtomicFile.WriteAllBytes(full, new System.Text.UTF8Encoding(false).GetBytes(Lcov.Write(Snapshots.Take(reset: false))));
            return full;
        }

        private static (WovenAssembly Assembly, ModuleProbes Module) Find(string module)
        {
            if (module == null)
            {
                throw new ArgumentNullException(nameof(module));
            }

            return Registry.FindModule(module) ?? throw new ArgumentException(
                $"'{module}' is not a cover-compiled module: no woven assembly known to this process declares it. " +
                "Build with -p:CoverWeave=true, and name the module as Type.FullName prints it.", nameof(module));
        }

        /// <summary>
        /// The identity a name stands for: the known module's, else (for a module only nodes have)
        /// the one the nodes know by that name, else the name as given, with no assembly.
        /// </summary>
        private static ModuleId IdOf(string module)
        {
            if (module == null)
            {
                throw new ArgumentNullException(nameof(module));
            }

            var home = Registry.FindModule(module);
            if (home != null)
            {
                return IdOf(home.Value);
            }

            var (type, assembly) = ModuleId.Parse(module);
            var remote = Nodes.KnownModules().Where(id => id.Type == type && (assembly == null || id.Assembly == assembly)).ToList();
            if (remote.Count > 1)
            {
                throw ModuleId.Ambiguous(type, remote, nameof(module));
            }

            return remote.Count == 1 ? remote[0] : new ModuleId(assembly ?? "", type);
        }

        private static ModuleId IdOf((WovenAssembly Assembly, ModuleProbes Module) home) => new ModuleId(home.Assembly.Table.AssemblyName, home.Module.Name);

        private static string NameOf(Type module)
        {
            if (module == null)
            {
                throw new ArgumentNullException(nameof(module));
            }

            var definition = module.IsGenericType && !module.IsGenericTypeDefinition ? module.GetGenericTypeDefinition() : module;
            var name = definition.FullName ?? throw new ArgumentException($"{module} has no full name and cannot be a module.", nameof(module));

            // A type knows its assembly, so the name is never ambiguous.
            return name + ", " + definition.Assembly.GetName().Name;
        }

        private static long[] Read((WovenAssembly Assembly, ModuleProbes Module) home)
        {
            var counts = new long[home.Module.SlotCount];
            home.Assembly.Counters.ReadRange(home.Module.FirstSlot, counts.Length, counts);
            return counts;
        }

        /// <summary>
        /// A module's counts here plus the nodes' (whose builds were checked when they were fetched);
        /// a module only on nodes is analysed from the table they sent.
        /// </summary>
        private static ModuleSnapshot WithNodes(ModuleId module, Dictionary<ModuleId, ModuleSnapshot> remote)
        {
            var home = Registry.FindModule(module);
            var hasRemote = remote.TryGetValue(module, out var nodes);
            if (home == null)
            {
                if (!hasRemote)
                {
                    Find(module.Assembly.Length == 0 ? module.Type : module.Qualified);
                }

                return nodes!;
            }

            var counts = Read(home.Value);
            if (hasRemote && nodes!.Counts.Length == counts.Length)
            {
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] += nodes.Counts[i];
                }
            }

            return new ModuleSnapshot(home.Value.Assembly.Table, home.Value.Module, counts);
        }

        private static ModuleSnapshot Snapshot((WovenAssembly Assembly, ModuleProbes Module) home)
        {
            return new ModuleSnapshot(home.Assembly.Table, home.Module, Read(home));
        }
    }
}
