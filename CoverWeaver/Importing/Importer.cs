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

            List<((WovenAssembly Assembly, ModuleProbes Module)? Home, ModuleSnapshot Data, string File)> targets;
            try
            {
                targets = Check(kept);
            }
            catch (InvalidDataException e) when (!e.Message.EndsWith("Nothing was imported.", StringComparison.Ordinal))
            {
                throw new InvalidDataException(e.Message + " Nothing was imported.", e);
            }

            foreach (var (home, data, file) in targets)
            {
                var (assembly, module) = home ?? Registry.AddImported(data, file);
                assembly.Counters.AddRange(module.FirstSlot, data.Counts);
            }

            return new CoverImport(
                kept.Select(k => k.File).Distinct().ToList(),
                kept.Select(k => Describe(k.Data, k.File)).ToList(),
                _skipped.ToList());
        }

        /// <summary>
        /// Where each module's summed data goes, after checking the parts against each other (the
        /// build rule, overflow) and every sum against this process's module of that identity, with
        /// the first file that held the module, for messages. Throws before anything is added.
        /// </summary>
        private static List<((WovenAssembly Assembly, ModuleProbes Module)? Home, ModuleSnapshot Data, string File)> Check(List<(ModuleSnapshot Data, string File)> snapshots)
        {
            var firstFile = new Dictionary<(ModuleId, ulong), string>();
            foreach (var (data, file) in snapshots)
            {
                if (!firstFile.ContainsKey((data.Id, data.Module.Fingerprint)))
                {
                    firstFile[(data.Id, data.Module.Fingerprint)] = file;
                }
            }

            var targets = new List<((WovenAssembly, ModuleProbes)?, ModuleSnapshot, string)>();
            var sums = SnapshotSum.Sum(snapshots.Select(s => (s.Data, "Coverage file " + s.File)));
            foreach (var sum in sums)
            {
                var home = Registry.FindModule(sum.Id);
                var file = firstFile[(sum.Id, sum.Module.Fingerprint)];
                if (home != null)
                {
                    var mismatch = BuildRule.Mismatch(ModuleBuild.Of(home.Value.Assembly.Table, home.Value.Module, "this process"), sum.Build("the file"));
                    if (mismatch != null)
                    {
                        throw new InvalidDataException($"Coverage file {file}: module {sum.Module.Name} of {sum.Assembly.AssemblyName} cannot be added: {mismatch}. Nothing was imported.");
                    }

                    var current = new long[sum.Counts.Length];
                    home.Value.Assembly.Counters.ReadRange(home.Value.Module.FirstSlot, current.Length, current);
                    SnapshotSum.AddInto(current, sum.Counts, $"Coverage file {file}: module {sum.Module.Name}, with what is counted already,");
                }

                targets.Add((home, sum, file));
            }

            foreach (var builds in ModuleBuilds.Group(sums).Where(b => b.Count > 1))
            {
                // A process analyses one build of a module; a report combines several (coverweaver report).
                var first = builds[0];
                throw new InvalidDataException(
                    $"Coverage file {firstFile[(first.Id, first.Module.Fingerprint)]}: module {first.Module.Name} of {first.Assembly.AssemblyName} comes in {builds.Count} builds " +
                    $"({string.Join(", ", builds.Select(b => "build " + ModuleBuilds.Name(b) + " of assembly build " + b.Assembly.BuildId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)))}), " +
                    "which are never added together. Import one with Cover.Import(path, ImportFilter.Build(assemblyBuild)), or report them all with coverweaver report.");
            }

            return targets;
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
