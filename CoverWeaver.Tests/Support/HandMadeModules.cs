extern alias runtime;

using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Data;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Snapshots of modules written out by hand, as a probe table and counts: each clause gets a
    /// slot for its entry and one slot per sequence point, so every count is exactly what the test says.
    /// </summary>
    internal static class HandMadeModules
    {
        /// <summary>A clause: its function, arity, entry count and sequence points (file, line, count).</summary>
        public static (string Function, int Arity, long Calls, (string File, int Line, long Count)[] Points) Clause(string function, int arity, long calls, params (string File, int Line, long Count)[] points) =>
            (function, arity, calls, points);

        /// <summary>One module of one assembly (a table of its own), in count mode.</summary>
        public static ModuleSnapshot Module(string assembly, string type, params (string Function, int Arity, long Calls, (string File, int Line, long Count)[] Points)[] clauses)
        {
            var table = new AssemblyProbeTable { AssemblyName = assembly, BuildId = 1, Mode = CountingMode.Count };
            var module = new ModuleProbes { Name = type, Fingerprint = 1, FirstSlot = 0 };
            var counts = new List<long>();
            var numbers = new Dictionary<(string, int), int>();
            foreach (var spec in clauses)
            {
                // Overloads of one arity are the clauses of one function, numbered in order.
                var number = numbers.TryGetValue((spec.Function, spec.Arity), out var seen) ? seen + 1 : 1;
                numbers[(spec.Function, spec.Arity)] = number;
                var clause = new ClauseProbes { Function = spec.Function, Arity = spec.Arity, Clause = number, EntrySlot = counts.Count };
                counts.Add(spec.Calls);
                foreach (var (file, line, count) in spec.Points)
                {
                    var document = table.Documents.IndexOf(file);
                    if (document < 0)
                    {
                        document = table.Documents.Count;
                        table.Documents.Add(file);
                    }

                    clause.Lines.Add(new LineProbe(document, line, counts.Count));
                    counts.Add(count);
                }

                module.Clauses.Add(clause);
            }

            module.SlotCount = counts.Count;
            table.SlotCount = counts.Count;
            table.Modules.Add(module);
            return new ModuleSnapshot(table, module, counts.ToArray());
        }
    }
}
