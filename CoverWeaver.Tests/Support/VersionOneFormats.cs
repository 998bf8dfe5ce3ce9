extern alias runtime;

using System;
using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Persistence;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Data as it was written before probe tables held clause fingerprints (probe table, coverage
    /// file and counter file header formats of version 1), written here field by field from that
    /// layout, so the tests can check that such data is still read.
    /// </summary>
    internal static class VersionOneFormats
    {
        /// <summary>A probe table framed as a woven assembly's resource of version 1.</summary>
        public static byte[] ProbeTable(AssemblyProbeTable table)
        {
            var writer = new ByteWriter();
            Table(writer, table);
            return Frame.Wrap(ProbeTableCodec.Magic, 1, writer.ToArray());
        }

        /// <summary>A coverage file of version 1 holding <paramref name="snapshots"/>, one group per assembly.</summary>
        public static byte[] CoverageFile(IReadOnlyList<ModuleSnapshot> snapshots)
        {
            var writer = new ByteWriter();
            var groups = snapshots.GroupBy(s => s.Assembly).ToList();
            writer.WriteVarInt32(groups.Count);
            foreach (var group in groups)
            {
                var table = new AssemblyProbeTable { AssemblyName = group.Key.AssemblyName, BuildId = group.Key.BuildId, Mode = group.Key.Mode, SlotCount = group.Key.SlotCount };
                table.Documents.AddRange(group.Key.Documents);
                table.Modules.AddRange(group.Select(s => s.Module));
                Table(writer, table);
                foreach (var count in group.SelectMany(s => s.Counts))
                {
                    writer.WriteVarUInt64((ulong)count);
                }
            }

            return Frame.Wrap(global::CoverWeaver.Data.CoverageFile.Magic, 1, writer.ToArray());
        }

        /// <summary>A whole counter file of version 1 (its header, then zeroed counters), as a process of the earlier runtime left it.</summary>
        public static byte[] CounterFile(Guid instance, int processId, int blockCount, AssemblyProbeTable table)
        {
            var writer = new ByteWriter();
            writer.WriteBytes(instance.ToByteArray());
            writer.WriteVarInt32(processId);
            writer.WriteVarInt32(0);
            writer.WriteVarInt32(blockCount);
            Table(writer, table);
            var header = Frame.Wrap(CounterFileHeader.Magic, 1, writer.ToArray());
            var layout = new CounterFileLayout(header.Length, table.Mode, table.SlotCount, 0, blockCount);
            var file = new byte[layout.FileLength];
            header.CopyTo(file, 0);
            return file;
        }

        /// <summary>The table's payload of version 1: as now, less each clause's fingerprint.</summary>
        private static void Table(ByteWriter writer, AssemblyProbeTable table)
        {
            writer.WriteString(table.AssemblyName);
            writer.WriteUInt64(table.BuildId);
            writer.WriteByte((byte)table.Mode);
            writer.WriteVarInt32(table.SlotCount);
            writer.WriteVarInt32(table.Documents.Count);
            foreach (var document in table.Documents)
            {
                writer.WriteString(document);
            }

            writer.WriteVarInt32(table.Modules.Count);
            foreach (var module in table.Modules)
            {
                writer.WriteString(module.Name);
                writer.WriteUInt64(module.Fingerprint);
                writer.WriteVarInt32(module.FirstSlot);
                writer.WriteVarInt32(module.SlotCount);
                writer.WriteVarInt32(module.Clauses.Count);
                foreach (var clause in module.Clauses)
                {
                    writer.WriteString(clause.Function);
                    writer.WriteVarInt32(clause.Arity);
                    writer.WriteVarInt32(clause.Clause);
                    writer.WriteVarInt32(clause.EntrySlot);
                    writer.WriteVarInt32(clause.Lines.Count);
                    foreach (var line in clause.Lines)
                    {
                        writer.WriteVarInt32(line.Document);
                        writer.WriteVarInt32(line.Line);
                        writer.WriteVarInt32(line.Slot);
                        writer.WriteVarInt32(line.Plus.Length);
                        foreach (var plus in line.Plus)
                        {
                            writer.WriteVarInt32(plus);
                        }
                    }
                }
            }
        }
    }
}
