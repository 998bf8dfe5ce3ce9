using System;
using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;

namespace CoverWeaver.Tool
{
    /// <summary>Erlang's analyses over merged data, as <c>Cover.Analyse</c> gives them in a process.</summary>
    internal static class Rows
    {
        /// <summary>
        /// The rows of one module (<c>Type</c>, or <c>Type, Assembly</c> where two assemblies declare
        /// the type), or of every module ordered by name then assembly when <paramref name="module"/> is null.
        /// </summary>
        public static List<CoverRow> Of(IReadOnlyList<ModuleSnapshot> snapshots, string? module, Analysis analysis, Level level)
        {
            IEnumerable<ModuleSnapshot> chosen;
            if (module == null)
            {
                chosen = snapshots.OrderBy(s => s.Module.Name, StringComparer.Ordinal).ThenBy(s => s.Assembly.AssemblyName, StringComparer.Ordinal);
            }
            else
            {
                chosen = Find(snapshots, module);
            }

            var list = chosen.ToList();
            foreach (var builds in ModuleBuilds.Group(list).Where(b => b.Count > 1))
            {
                // Erlang's analyses are of one build: builds are never added, and their clauses differ.
                throw ToolException.Input(
                    $"Module {builds[0].Id.Qualified} comes in {builds.Count} builds ({string.Join(", ", builds.Select(ModuleBuilds.Name))}), whose code differs " +
                    "(another target framework, an #if); their analyses are not added. Give the inputs of one build (one target framework's counters or export), " +
                    "or use coverweaver report, which combines the builds by source line.");
            }

            return list.SelectMany(s => Analyser.Analyse(s, analysis, level)).ToList();
        }

        /// <summary>The snapshots of the one module <paramref name="module"/> names (several when it comes in several builds).</summary>
        private static List<ModuleSnapshot> Find(IReadOnlyList<ModuleSnapshot> snapshots, string module)
        {
            var (type, assembly) = ModuleId.Parse(module);
            var matches = snapshots
                .Where(s => s.Module.Name == type && (assembly == null || s.Assembly.AssemblyName == assembly))
                .ToList();
            if (matches.Select(m => m.Id).Distinct().Count() == 1)
            {
                return matches;
            }

            if (matches.Count > 1)
            {
                throw ToolException.Input(
                    $"Module {type} is declared by {string.Join(" and ", matches.Select(m => m.Assembly.AssemblyName).Distinct())}. " +
                    $"Name one as Type, Assembly: --module \"{matches[0].Id.Qualified}\".");
            }

            var known = snapshots.Select(s => s.Id).ToList();
            var sample = string.Join(", ", known.Take(10).Select(id => id.Type)) + (known.Count > 10 ? $" and {known.Count - 10} more" : "");
            throw ToolException.Input(
                $"No module {module} in the inputs. They hold {(known.Count == 0 ? "no module" : sample)}. " +
                "Name a module as Type.FullName prints it (Ns.Outer+Inner), or leave out --module for all of them.");
        }
    }
}
