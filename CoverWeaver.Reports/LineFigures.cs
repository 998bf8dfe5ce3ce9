using System;
using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
using CoverWeaver.Model;

namespace CoverWeaver.Reports
{
    /// <summary>
    /// Covered and total executable lines: the one figure every report prints. A total of 0 (a
    /// module whose code was all excluded) has no percentage rather than 0 % or 100 %.
    /// </summary>
    internal readonly struct Figure
    {
        public Figure(int covered, int total)
        {
            Covered = covered;
            Total = total;
        }

        public int Covered { get; }

        public int Total { get; }

        public int NotCovered => Total - Covered;

        /// <summary>The exact percentage, or null when there are no lines.</summary>
        public double? Percent => Total == 0 ? null : Covered * 100.0 / Total;

        /// <summary>The fraction Cobertura's <c>line-rate</c> holds; Cobertura itself says 1 for no lines.</summary>
        public double Rate => Total == 0 ? 1.0 : (double)Covered / Total;

        /// <summary><c>covered/total</c>, as every report prints the counts.</summary>
        public override string ToString() =>
            Covered.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + Total.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static Figure Of(IEnumerable<long> counts)
        {
            int covered = 0, total = 0;
            foreach (var count in counts)
            {
                total++;
                covered += count > 0 ? 1 : 0;
            }

            return new Figure(covered, total);
        }
    }

    /// <summary>
    /// The snapshots arranged as every report shows them: assemblies, their modules, each module's
    /// source files, and every source file's lines. All figures count distinct source lines with
    /// the counts of <see cref="ModuleLines.Lines"/>: a module counts each of its lines once (a
    /// field initializer summed over the constructors holding it); a file, an assembly and the
    /// total count each (file, line) once, with the most any module ran it, as the LCOV writer
    /// does. So a line two modules start code on (a nested type declared on it) counts in each
    /// module but once in the total.
    /// </summary>
    internal sealed class LineFigures
    {
        private LineFigures(List<AssemblyFigures> assemblies, SortedDictionary<string, SortedList<int, long>> files)
        {
            Assemblies = assemblies;
            Files = files;
            Total = Figure.Of(files.Values.SelectMany(lines => lines.Values));
        }

        /// <summary>By assembly name, ordinal.</summary>
        public IReadOnlyList<AssemblyFigures> Assemblies { get; }

        /// <summary>Every source file's executable lines and counts, by path, ordinal.</summary>
        public SortedDictionary<string, SortedList<int, long>> Files { get; }

        public Figure Total { get; }

        public IEnumerable<ModuleFigures> Modules => Assemblies.SelectMany(a => a.Modules);

        public static LineFigures Of(IEnumerable<ModuleSnapshot> snapshots)
        {
            var list = snapshots.ToList();
            var seen = new HashSet<ModuleId>();
            foreach (var snapshot in list)
            {
                // Two snapshots of one module would be counted twice; merging is the build rule's
                // business (Cover.Import), done before a report.
                if (!seen.Add(snapshot.Id))
                {
                    throw new ArgumentException($"{snapshot.Id} appears twice; merge its data before writing a report.", nameof(snapshots));
                }
            }

            // A type name declared by two assemblies is shown with its assembly wherever a report
            // would otherwise print it alone.
            var ambiguous = new HashSet<string>(list.GroupBy(s => s.Module.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key), StringComparer.Ordinal);
            var files = new SortedDictionary<string, SortedList<int, long>>(StringComparer.Ordinal);
            var assemblies = new List<AssemblyFigures>();
            foreach (var assembly in list.GroupBy(s => s.Assembly.AssemblyName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                // Per file, each line once and whether it ran: a path is hashed once per file, not per line.
                var assemblyLines = new Dictionary<string, Dictionary<int, bool>>(StringComparer.Ordinal);
                var modules = new List<ModuleFigures>();
                foreach (var snapshot in assembly.OrderBy(s => s.Module.Name, StringComparer.Ordinal))
                {
                    var module = ModuleFigures.Of(snapshot, ambiguous.Contains(snapshot.Module.Name));
                    modules.Add(module);
                    foreach (var file in module.Files)
                    {
                        if (!files.TryGetValue(file.Path, out var merged))
                        {
                            merged = new SortedList<int, long>();
                            files[file.Path] = merged;
                        }

                        if (!assemblyLines.TryGetValue(file.Path, out var ran))
                        {
                            ran = new Dictionary<int, bool>(file.Lines.Count);
                            assemblyLines[file.Path] = ran;
                        }

                        foreach (var line in file.Lines)
                        {
                            merged[line.Key] = merged.TryGetValue(line.Key, out var count) ? Math.Max(count, line.Value) : line.Value;
                            ran[line.Key] = (ran.TryGetValue(line.Key, out var before) && before) || line.Value > 0;
                        }
                    }
                }

                var covered = assemblyLines.Values.Sum(file => file.Values.Count(ran => ran));
                assemblies.Add(new AssemblyFigures(assembly.Key, new Figure(covered, assemblyLines.Values.Sum(file => file.Count)), modules));
            }

            return new LineFigures(assemblies, files);
        }
    }

    /// <summary>One assembly: its modules and its distinct lines.</summary>
    internal sealed class AssemblyFigures
    {
        public AssemblyFigures(string name, Figure lines, IReadOnlyList<ModuleFigures> modules)
        {
            Name = name;
            Lines = lines;
            Modules = modules;
        }

        public string Name { get; }

        public Figure Lines { get; }

        /// <summary>By type name, ordinal.</summary>
        public IReadOnlyList<ModuleFigures> Modules { get; }
    }

    /// <summary>One module: its distinct lines, as <see cref="ModuleLines.DistinctCoverage"/> counts them, per source file.</summary>
    internal sealed class ModuleFigures
    {
        private ModuleFigures(ModuleSnapshot snapshot, bool ambiguous, Figure lines, IReadOnlyList<ModuleFile> files)
        {
            Snapshot = snapshot;
            Name = ambiguous ? snapshot.Id.Qualified : snapshot.Module.Name;
            Lines = lines;
            Files = files;
        }

        public ModuleSnapshot Snapshot { get; }

        public ModuleId Id => Snapshot.Id;

        /// <summary>The type name, or <c>Type, Assembly</c> where another assembly declares a type of that name.</summary>
        public string Name { get; }

        public Figure Lines { get; }

        /// <summary>The files the module has executable lines in, by path, ordinal.</summary>
        public IReadOnlyList<ModuleFile> Files { get; }

        public static ModuleFigures Of(ModuleSnapshot snapshot, bool ambiguous)
        {
            var lines = snapshot.Lines();
            var files = lines
                .GroupBy(line => snapshot.Documents[line.Document], StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ModuleFile(g.Key, Sorted(g)))
                .ToList();
            return new ModuleFigures(snapshot, ambiguous, Figure.Of(lines.Select(line => line.Count)), files);
        }

        /// <summary>A file's lines by number; they come in line order, so each is appended.</summary>
        private static SortedList<int, long> Sorted(IEnumerable<LineCount> lines)
        {
            var sorted = new SortedList<int, long>();
            foreach (var line in lines)
            {
                sorted.Add(line.Line, line.Count);
            }

            return sorted;
        }

        /// <summary>
        /// A clause's distinct lines in one file, each with the most-run of its sequence points
        /// there: the clause's own count of the line, not the module's (which sums constructors).
        /// </summary>
        public SortedList<int, long> ClauseLines(ClauseProbes clause, string path)
        {
            var lines = new SortedList<int, long>();
            foreach (var probe in clause.Lines)
            {
                if (!string.Equals(Snapshot.Documents[probe.Document], path, StringComparison.Ordinal))
                {
                    continue;
                }

                var count = Snapshot.CountOf(probe);
                lines[probe.Line] = lines.TryGetValue(probe.Line, out var seen) ? Math.Max(seen, count) : count;
            }

            return lines;
        }
    }

    /// <summary>A module's executable lines in one source file, with their counts.</summary>
    internal sealed class ModuleFile
    {
        public ModuleFile(string path, SortedList<int, long> lines)
        {
            Path = path;
            Lines = lines;
            Figure = Figure.Of(lines.Values);
        }

        public string Path { get; }

        public SortedList<int, long> Lines { get; }

        public Figure Figure { get; }
    }
}
