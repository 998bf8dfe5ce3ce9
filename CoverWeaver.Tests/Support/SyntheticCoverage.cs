extern alias runtime;

using System;
using System.IO;
using CoverWeaver.Data;
using CoverWeaver.Persistence;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Coverage data written by hand, as another process or build would have left it: probe tables
    /// of one small module, their snapshots, export files and counter files.
    /// </summary>
    internal static unsafe class SyntheticCoverage
    {
        /// <summary>The same assembly rebuilt: another build id, and every module another fingerprint.</summary>
        public static AssemblyProbeTable OtherBuild(AssemblyProbeTable table)
        {
            var other = new AssemblyProbeTable { AssemblyName = table.AssemblyName, BuildId = table.BuildId ^ 0x5555, Mode = table.Mode, SlotCount = table.SlotCount };
            other.Documents.AddRange(table.Documents);
            foreach (var module in table.Modules)
            {
                var copy = new ModuleProbes { Name = module.Name, Fingerprint = module.Fingerprint ^ 0x5555, FirstSlot = module.FirstSlot, SlotCount = module.SlotCount };
                copy.Clauses.AddRange(module.Clauses);
                other.Modules.Add(copy);
            }

            return other;
        }

        /// <summary>One module of one method: slot 0 counts its entry and first line, slot 1 its second line.</summary>
        public static AssemblyProbeTable Table(string assembly, string type, CountingMode mode, ulong fingerprint = 77)
        {
            var table = new AssemblyProbeTable { AssemblyName = assembly, BuildId = fingerprint * 31 + (ulong)mode, Mode = mode, SlotCount = 2 };
            table.Documents.Add("/src/" + type + ".cs");
            var module = new ModuleProbes { Name = type, Fingerprint = fingerprint, FirstSlot = 0, SlotCount = 2 };
            var clause = new ClauseProbes { Function = "Run", Arity = 0, Clause = 1, EntrySlot = 0 };
            clause.Lines.Add(new LineProbe(0, 10, 0));
            clause.Lines.Add(new LineProbe(0, 11, 1));
            module.Clauses.Add(clause);
            table.Modules.Add(module);
            return table;
        }

        public static ModuleSnapshot Snapshot(AssemblyProbeTable table, long entry, long second) =>
            new ModuleSnapshot(table, table.Modules[0], new[] { entry, second });

        public static string Export(TempDirectory temp, string name, AssemblyProbeTable table, long entry, long second)
        {
            var path = temp.Combine(name + ".coverdata");
            File.WriteAllBytes(path, CoverageFile.Encode(new[] { Snapshot(table, entry, second) }));
            return path;
        }

        public static void WriteCounterFile(string directory, AssemblyProbeTable table, long entry, long second)
        {
            var block = (long*)LiveCounterFiles.Create(directory, table, Guid.NewGuid(), 7).NewBlock();
            block[0] = entry;
            block[1] = second;
        }
    }
}
