using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Model;
using CoverWeaver.Persistence;
using CoverWeaver.Runtime;

namespace CoverWeaver.Importing
{
    /// <summary>
    /// One import: reads an export file or counter files, keeps what the filter asks for, checks
    /// all of it against the build rule and for overflow, and only then adds it, so an import is
    /// whole or nothing.
    /// </summary>
    internal sealed class Importer
    {
        private readonly ImportFilter _filter;
        private readonly List<string> _skipped = new List<string>();

        public Importer(ImportFilter filter)
        {
            _filter = filter;
        }

        public CoverImport Import(string path)
        {
            var read = Read(path);
            var kept = new List<(ModuleSnapshot Data, string File)>();
            foreach (var group in read.GroupBy(r => (r.Data.Assembly, r.File)))
            {
                var table = group.Key.Assembly;
                if (_filter.Keeps(table))
                {
                    kept.AddRange(group);
                }
                else
                {
                    _skipped.Add($"{group.Key.File}: {table.AssemblyName} build {table.BuildId:x16}, not {_filter.Description}");
                }
            }

            if (kept.Count == 0 && read.Count > 0)
            {
                throw new InvalidDataException(
                    $"{path} holds no data of {_filter.Description}; it holds {string.Join(", ", read.Select(r => $"{r.Data.Assembly.AssemblyName} build {r.Data.Assembly.BuildId:x16}").Distinct())}. Nothing was imported.");
            }

            var targets = Check(kept);
            foreach (var (home, data, file) in targets)
            {
                var (assembly, module) = home ?? Registry.AddImported(data, file);
                assembly.Counters.AddRange(module.FirstSlot, data.Counts);
            }

            return new CoverImport(
                kept.Select(k => k.File).Distinct().ToList(),
                targets.Select(t => Describe(t.Data, t.File)).ToList(),
                _skipped.ToList());
        }

        private static List<(ModuleSnapshot Data, string File)> Read(string path)
        {
            if (Directory.Exists(path))
            {
                var full = Path.GetFullPath(path);
                var recovered = CounterFileReader.ReadDirectory(full, PersistenceSettings.Instance);
                if (recovered.Count == 0)
                {
                    throw new FileNotFoundException(
                        $"Directory {full} holds no counter file ({LiveCounterFiles.Extension}) of another process: nothing to import. " +
                        "Name the directory the processes wrote (COVERWEAVER_DATA or Cover.PersistTo), or an export file.", full);
                }

                return recovered.Select(r => (r.Snapshot, r.File)).ToList();
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Nothing to import at {Path.GetFullPath(path)}: no such file or directory.", path);
            }

            if (CounterFileReader.IsCounterFile(path))
            {
                return CounterFileReader.ReadFile(path, PersistenceSettings.Instance).Select(r => (r.Snapshot, r.File)).ToList();
            }

            var file = Path.GetFullPath(path);
            return CoverageFile.Decode(File.ReadAllBytes(path), $"Coverage file {file}").Select(s => (s, file)).ToList();
        }

        /// <summary>
        /// Where each module's data goes, after checking every module against the build rule (with
        /// this process's module, and with the same module elsewhere in the import) and every sum
        /// for overflow. Throws before anything is added.
        /// </summary>
        private static List<((WovenAssembly Assembly, ModuleProbes Module)? Home, ModuleSnapshot Data, string File)> Check(List<(ModuleSnapshot Data, string File)> snapshots)
        {
            var targets = new List<((WovenAssembly, ModuleProbes)?, ModuleSnapshot, string)>();
            var sums = new Dictionary<ModuleId, (ModuleSnapshot First, string File, long[] Sum)>();
            foreach (var (data, file) in snapshots)
            {
                var id = data.Id;
                var home = Registry.FindModule(id);
                if (!sums.TryGetValue(id, out var seen))
                {
                    var current = new long[data.Counts.Length];
                    if (home != null)
                    {
                        Refuse(file, data, BuildRule.Mismatch(ModuleBuild.Of(home.Value.Assembly.Table, home.Value.Module, "this process"), data.Build("the file")));
                        home.Value.Assembly.Counters.ReadRange(home.Value.Module.FirstSlot, current.Length, current);
                    }

                    seen = (data, file, current);
                    sums[id] = seen;
                }
                else
                {
                    var where = seen.File == file ? "another part of this file" : seen.File;
                    Refuse(file, data, BuildRule.Mismatch(seen.First.Build(where), data.Build("the file")));
                }

                for (var i = 0; i < data.Counts.Length; i++)
                {
                    try
                    {
                        seen.Sum[i] = checked(seen.Sum[i] + data.Counts[i]);
                    }
                    catch (OverflowException)
                    {
                        throw new InvalidDataException(
                            $"Coverage file {file}: counter {i} of module {data.Module.Name} would pass 2^63 with what is counted already (damaged); nothing was imported.");
                    }
                }

                targets.Add((home, data, file));
            }

            return targets;
        }

        private static void Refuse(string file, ModuleSnapshot data, string? mismatch)
        {
            if (mismatch != null)
            {
                throw new InvalidDataException($"Coverage file {file}: module {data.Module.Name} of {data.Assembly.AssemblyName} cannot be added: {mismatch}. Nothing was imported.");
            }
        }

        /// <summary>The sum of the counts, stopping at the largest long rather than wrapping.</summary>
        private static long Total(long[] counts)
        {
            long total = 0;
            foreach (var count in counts)
            {
                total = count > long.MaxValue - total ? long.MaxValue : total + count;
            }

            return total;
        }

        private static ImportedModule Describe(ModuleSnapshot data, string file)
        {
            return new ImportedModule(
                data.Module.Name,
                data.Assembly.AssemblyName,
                data.Module.Fingerprint.ToString("x16", CultureInfo.InvariantCulture),
                data.Assembly.BuildId.ToString("x16", CultureInfo.InvariantCulture),
                data.Mode == CountingMode.Set ? Counting.Set : Counting.Count,
                file,
                Total(data.Counts));
        }
    }
}
