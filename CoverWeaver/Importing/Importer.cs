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
            var read = SavedCoverage.Read(path, PersistenceSettings.Instance);
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

        /// <summary>
        /// Where each module's data goes, after checking every module against the build rule (with
        /// this process's module, and with the same module elsewhere in the import) and every sum
        /// for overflow. Throws before anything is added.
        /// </summary>
        private static List<((WovenAssembly Assembly, ModuleProbes Module)? Home, ModuleSnapshot Data, string File)> Check(List<(ModuleSnapshot Data, string File)> snapshots)
        {
            // The sums themselves are thrown away: they only prove that every addition below is allowed.
            var sums = new ModuleSums(Current, "Nothing was imported.");
            var targets = new List<((WovenAssembly, ModuleProbes)?, ModuleSnapshot, string)>();
            foreach (var (data, file) in snapshots)
            {
                sums.Add(data, file);
                targets.Add((Registry.FindModule(data.Id), data, file));
            }

            return targets;
        }

        /// <summary>This process's build and counts of a module, which imported data is checked against and added to.</summary>
        private static (ModuleBuild Build, long[] Counts)? Current(ModuleId id)
        {
            var home = Registry.FindModule(id);
            if (home == null)
            {
                return null;
            }

            var (assembly, module) = home.Value;
            var counts = new long[module.SlotCount];
            assembly.Counters.ReadRange(module.FirstSlot, counts.Length, counts);
            return (ModuleBuild.Of(assembly.Table, module, "this process"), counts);
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
