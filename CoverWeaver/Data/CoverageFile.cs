using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Model;

namespace CoverWeaver.Data
{
    /// <summary>
    /// The export format: self-describing coverage data. Each module travels with its probe table
    /// and fingerprint, so a file can be analysed where the assembly is absent, and data from
    /// another build of a module can be told apart and refused. The whole file is checksummed.
    /// </summary>
    internal static class CoverageFile
    {
        /// <summary>The format written: version 2 embeds probe tables of format 2 (with clause fingerprints).</summary>
        public const byte Version = 2;

        /// <summary>The oldest format still read: its tables are of probe table format 1.</summary>
        public const byte OldestVersion = 1;

        public static readonly byte[] Magic = { (byte)'C', (byte)'W', (byte)'c', (byte)'d' };

        public static byte[] Encode(IEnumerable<ModuleSnapshot> snapshots)
        {
            var groups = snapshots.GroupBy(snapshot => snapshot.Assembly).ToList();
            var writer = new ByteWriter(EstimateSize(groups));
            writer.WriteVarInt32(groups.Count);
            foreach (var group in groups)
            {
                var modules = group.ToList();
                if (modules.Count == group.Key.Modules.Count && modules.Select(m => m.Module).SequenceEqual(group.Key.Modules))
                {
                    // The whole assembly, as every live snapshot sends it: its table never changes, so
                    // it is encoded once and only the counts are written each time.
                    writer.WriteBytes(WholeTables.GetValue(group.Key, EncodeTable));
                    WriteCounts(writer, modules);
                    continue;
                }

                var table = new AssemblyProbeTable
                {
                    AssemblyName = group.Key.AssemblyName,
                    BuildId = group.Key.BuildId,
                    Mode = group.Key.Mode,
                    SlotCount = group.Key.SlotCount,
                };
                table.Documents.AddRange(group.Key.Documents);
                table.Modules.AddRange(modules.Select(snapshot => snapshot.Module));
                ProbeTableCodec.Write(writer, table);
                WriteCounts(writer, modules);
            }

            return Frame.Wrap(Magic, Version, writer);
        }

        /// <summary>Room for the cached tables and about two bytes a count, so the buffer rarely regrows.</summary>
        private static int EstimateSize(IEnumerable<IGrouping<AssemblyProbeTable, ModuleSnapshot>> groups)
        {
            long size = 16;
            foreach (var group in groups)
            {
                size += WholeTables.TryGetValue(group.Key, out var table) ? table.Length : 64;
                size += 2L * group.Sum(snapshot => (long)snapshot.Counts.Length);
            }

            return (int)Math.Min(size, int.MaxValue / 2);
        }

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AssemblyProbeTable, byte[]> WholeTables =
            new System.Runtime.CompilerServices.ConditionalWeakTable<AssemblyProbeTable, byte[]>();

        private static byte[] EncodeTable(AssemblyProbeTable table)
        {
            var writer = new ByteWriter();
            ProbeTableCodec.Write(writer, table);
            return writer.ToArray();
        }

        private static void WriteCounts(ByteWriter writer, IEnumerable<ModuleSnapshot> modules)
        {
            foreach (var snapshot in modules)
            {
                foreach (var count in snapshot.Counts)
                {
                    writer.WriteVarUInt64((ulong)count);
                }
            }
        }

        /// <summary>
        /// Reads a whole file; any damage throws <see cref="InvalidDataException"/> before anything is
        /// returned. With <paramref name="tables"/>, a probe table whose bytes are those of one read
        /// before is not parsed again (a collector reads the same tables with every pull); the
        /// tables returned are then shared and must not be changed.
        /// </summary>
        public static List<ModuleSnapshot> Decode(byte[] bytes, string what, DecodedTables? tables = null)
        {
            var reader = Frame.Open(bytes, 0, Magic, OldestVersion, Version, what, out var version);
            // Each version of this format embeds the probe table format of the same number.
            var tableVersion = version;
            var snapshots = new List<ModuleSnapshot>();
            var groups = reader.ReadVarInt32();
            for (var g = 0; g < groups; g++)
            {
                var table = tables != null ? tables.Read(reader, tableVersion) : ProbeTableCodec.Read(reader, tableVersion);
                foreach (var module in table.Modules)
                {
                    var counts = new long[module.SlotCount];
                    for (var i = 0; i < counts.Length; i++)
                    {
                        var count = reader.ReadVarUInt64();
                        if (count > long.MaxValue)
                        {
                            throw new InvalidDataException($"{what}: a count of {module.Name} is out of range.");
                        }

                        counts[i] = (long)count;
                    }

                    snapshots.Add(new ModuleSnapshot(table, module, counts));
                }
            }

            if (!reader.AtEnd)
            {
                throw new InvalidDataException($"{what}: unexpected data after the last module.");
            }

            return snapshots;
        }
    }
}
