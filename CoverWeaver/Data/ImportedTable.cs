using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Model;

namespace CoverWeaver.Data
{
    /// <summary>
    /// The table of a module known only from data: that module alone, its slots renumbered from 0
    /// and only the documents it names, so that holding many imported modules costs what they
    /// hold, not what the assemblies they came from held.
    /// </summary>
    internal static class ImportedTable
    {
        public static AssemblyProbeTable For(AssemblyProbeTable from, ModuleProbes module)
        {
            var table = new AssemblyProbeTable
            {
                AssemblyName = from.AssemblyName,
                BuildId = from.BuildId,
                Mode = from.Mode,
                SlotCount = module.SlotCount,
            };
            var documents = new Dictionary<int, int>();
            int Document(int index)
            {
                if (!documents.TryGetValue(index, out var local))
                {
                    local = table.Documents.Count;
                    table.Documents.Add(from.Documents[index]);
                    documents[index] = local;
                }

                return local;
            }

            var first = module.FirstSlot;
            var copy = new ModuleProbes { Name = module.Name, Fingerprint = module.Fingerprint, FirstSlot = 0, SlotCount = module.SlotCount };
            foreach (var clause in module.Clauses)
            {
                var rebased = new ClauseProbes { Function = clause.Function, Arity = clause.Arity, Clause = clause.Clause, EntrySlot = clause.EntrySlot - first };
                rebased.Lines.AddRange(clause.Lines.Select(line =>
                    new LineProbe(Document(line.Document), line.Line, line.Slot - first, line.Plus.Select(slot => slot - first).ToArray())));
                copy.Clauses.Add(rebased);
            }

            table.Modules.Add(copy);
            return table;
        }
    }
}
