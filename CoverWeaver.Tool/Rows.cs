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
                chosen = new[] { Find(snapshots, module) };
            }

            return chosen.SelectMany(s => Analyser.Analyse(s, analysis, level)).ToList();
        }

        private static ModuleSnapshot Find(IReadOnlyList<ModuleSnapshot> snapshots, string module)
        {
            var (type, assembly) = ModuleId.Parse(module);
            var matches = snapshots
                .Where(s => s.Module.Name == type && (assembly == null || s.Assembly.AssemblyName == assembly))
                .ToList();
            if (matches.Count == 1)
            {
                return matches[0];
            }

            if (matches.Count > 1)
            {
                throw ToolException.Input(
                    $"Module {type} is declared by {string.Join(" and ", matches.Select(m => m.Assembly.AssemblyName))}. " +
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
