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
        public const byte Version = 1;

        public static readonly byte[] Magic = { (byte)'C', (byte)'W', (byte)'c', (byte)'d' };

        public static byte[] Encode(IEnumerable<ModuleSnapshot> snapshots)
        {
            var writer = new ByteWriter();
            var groups = snapshots.GroupBy(snapshot => snapshot.Assembly).ToList();
            writer.WriteVarInt32(groups.Count);
            foreach (var group in groups)
            {
                var modules = group.ToList();
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
                foreach (var snapshot in modules)
                {
                    foreach (var count in snapshot.Counts)
                    {
                        writer.WriteVarUInt64((ulong)count);
                    }
                }
            }

            return Frame.Wrap(Magic, Version, writer.ToArray());
        }

        /// <summary>Reads a whole file; any damage throws <see cref="InvalidDataException"/> before anything is returned.</summary>
        public static List<ModuleSnapshot> Decode(byte[] bytes, string what)
        {
            var reader = Frame.Open(bytes, 0, Magic, Version, what);
            var snapshots = new List<ModuleSnapshot>();
            var groups = reader.ReadVarInt32();
            for (var g = 0; g < groups; g++)
            {
                var table = ProbeTableCodec.Read(reader);
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
