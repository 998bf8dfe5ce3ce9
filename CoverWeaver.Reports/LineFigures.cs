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
    /// module but once in the total. Several builds of one module (a library built for two target
    /// frameworks whose code differs) are one module here, combined by source line
    /// (<see cref="BuildLines"/>): a line any build has counts once, with the sum of its counts.
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
            // One build of a module twice would be counted twice; summing is the build rule's
            // business (SnapshotSum), done before a report.
            var list = ModuleBuilds.Group(snapshots);

            // A type name declared by two assemblies is shown with its assembly wherever a report
            // would otherwise print it alone.
            var ambiguous = new HashSet<string>(list.GroupBy(b => b[0].Module.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key), StringComparer.Ordinal);
            var files = new SortedDictionary<string, SortedList<int, long>>(StringComparer.Ordinal);
            var assemblies = new List<AssemblyFigures>();
            foreach (var assembly in list.GroupBy(b => b[0].Assembly.AssemblyName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                // Per file, each line once and whether it ran: a path is hashed once per file, not per line.
                var assemblyLines = new Dictionary<string, Dictionary<int, bool>>(StringComparer.Ordinal);
                var modules = new List<ModuleFigures>();
                foreach (var builds in assembly.OrderBy(b => b[0].Module.Name, StringComparer.Ordinal))
                {
                    var module = ModuleFigures.Of(builds, ambiguous.Contains(builds[0].Module.Name));
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

    /// <summary>
    /// One module: its distinct lines, as <see cref="ModuleLines.DistinctCoverage"/> counts them, per
    /// source file; with several builds, their lines combined (<see cref="BuildLines"/>).
    /// </summary>
    internal sealed class ModuleFigures
    {
        private ModuleFigures(IReadOnlyList<ModuleSnapshot> builds, bool ambiguous, Figure lines, IReadOnlyList<ModuleFile> files)
        {
            Builds = builds;
            Name = ambiguous ? builds[0].Id.Qualified : builds[0].Module.Name;
            Lines = lines;
            Files = files;
        }

        /// <summary>Every build of the module in the data, each summed on its own; usually one.</summary>
        public IReadOnlyList<ModuleSnapshot> Builds { get; }

        public ModuleId Id => Builds[0].Id;

        /// <summary>The type name, or <c>Type, Assembly</c> where another assembly declares a type of that name.</summary>
        public string Name { get; }

        public Figure Lines { get; }

        /// <summary>The files the module has executable lines in, by path, ordinal.</summary>
        public IReadOnlyList<ModuleFile> Files { get; }

        public static ModuleFigures Of(IReadOnlyList<ModuleSnapshot> builds, bool ambiguous)
        {
            var files = BuildLines.Of(builds).Select(file => new ModuleFile(file.Key, file.Value)).ToList();
            return new ModuleFigures(builds, ambiguous, Figure.Of(files.SelectMany(file => file.Lines.Values)), files);
        }

        /// <summary>
        /// The module's methods with lines in one file, each with its distinct lines there and the
        /// most-run of its sequence points on each (the method's own count of a line, not the module's,
        /// which sums constructors), in the order of their first line. A method is its function,
        /// arity and first line in the file, so the same method in several builds is one method, its
        /// counts summed; a method an <c>#if</c> changes the start of is one per build.
        /// </summary>
        public List<(ClauseProbes Clause, SortedList<int, long> Lines)> Methods(string path)
        {
            var methods = new List<(ClauseProbes Clause, SortedList<int, long> Lines)>();
            var index = new Dictionary<(string, int, int), int>();
            foreach (var build in Builds)
            {
                foreach (var clause in build.Module.Clauses)
                {
                    var lines = ClauseLines(build, clause, path);
                    if (lines.Count == 0)
                    {
                        continue;
                    }

                    var key = (clause.Function, clause.Arity, lines.Keys[0]);
                    if (!index.TryGetValue(key, out var at))
                    {
                        index[key] = methods.Count;
                        methods.Add((clause, lines));
                        continue;
                    }

                    var seen = methods[at].Lines;
                    foreach (var line in lines)
                    {
                        seen[line.Key] = seen.TryGetValue(line.Key, out var count) ? count + line.Value : line.Value;
                    }
                }
            }

            // Stable: methods starting on one line keep the order of the clauses.
            return methods.OrderBy(m => m.Lines.Keys[0]).ToList();
        }

        /// <summary>A clause's distinct lines in one file of one build, each with the most-run of its sequence points there.</summary>
        public static SortedList<int, long> ClauseLines(ModuleSnapshot build, ClauseProbes clause, string path)
        {
            var lines = new SortedList<int, long>();
            foreach (var probe in clause.Lines)
            {
                if (!string.Equals(build.Documents[probe.Document], path, StringComparison.Ordinal))
                {
                    continue;
                }

                var count = build.CountOf(probe);
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
