using System.IO;

namespace CoverWeaver.Model
{
    /// <summary>
    /// The binary form of an <see cref="AssemblyProbeTable"/>, as the weaver embeds it in a woven
    /// assembly (resource <see cref="ResourceName"/>) and as coverage files carry it.
    /// </summary>
    internal static class ProbeTableCodec
    {
        /// <summary>Name of the managed resource holding the table in a woven assembly.</summary>
        public const string ResourceName = "CoverWeaver.ProbeTable";

        /// <summary>Name of the type the weaver adds to hold the counters' address.</summary>
        public const string HolderTypeName = "<CoverWeaver>Probes";

        /// <summary>The format written: version 2 added each clause's <see cref="ClauseProbes.Fingerprint"/>.</summary>
        public const byte Version = 2;

        /// <summary>The oldest format still read: tables of version 1 have no clause fingerprints.</summary>
        public const byte OldestVersion = 1;

        // Assemblies that merely contain these bytes (this runtime itself does) are told apart by
        // the frame's length and checksum, which a chance match does not pass.
        public static readonly byte[] Magic = { (byte)'C', (byte)'W', (byte)'p', (byte)'t' };

        public static byte[] Encode(AssemblyProbeTable table)
        {
            var writer = new ByteWriter();
            Write(writer, table);
            return Frame.Wrap(Magic, Version, writer.ToArray());
        }

        public static AssemblyProbeTable Decode(byte[] bytes, string what)
        {
            var reader = Frame.Open(bytes, 0, Magic, OldestVersion, Version, what, out var version);
            return Read(reader, version);
        }

        /// <summary>Finds and decodes a table embedded anywhere in <paramref name="image"/> (an assembly file); null if none.</summary>
        public static AssemblyProbeTable? FindIn(byte[] image)
        {
            return Frame.TryFind(image, Magic, OldestVersion, Version, out var reader, out var version) ? Read(reader!, version) : null;
        }

        /// <summary>Writes <paramref name="table"/> in the current format (<see cref="Version"/>), inside a frame that says so.</summary>
        public static void Write(ByteWriter writer, AssemblyProbeTable table)
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
                WriteModule(writer, module);
            }
        }

        /// <summary>
        /// Reads a table written in format <paramref name="version"/>, which the frame around it
        /// tells (its own, or the coverage file's or counter file's that embeds it).
        /// </summary>
        public static AssemblyProbeTable Read(ByteReader reader, byte version)
        {
            if (version < OldestVersion || version > Version)
            {
                throw new InvalidDataException($"Probe table format version {version} is not supported (this runtime reads versions {OldestVersion} to {Version}).");
            }

            var table = new AssemblyProbeTable
            {
                AssemblyName = reader.ReadString(),
                BuildId = reader.ReadUInt64(),
            };
            var mode = reader.ReadByte();
            if (mode != (byte)CountingMode.Count && mode != (byte)CountingMode.Set)
            {
                throw new InvalidDataException($"Counting mode {mode} is not known to this runtime.");
            }

            table.Mode = (CountingMode)mode;
            table.SlotCount = reader.ReadVarInt32();
            var documents = reader.ReadVarInt32();
            for (var i = 0; i < documents; i++)
            {
                table.Documents.Add(reader.ReadString());
            }

            var modules = reader.ReadVarInt32();
            for (var i = 0; i < modules; i++)
            {
                table.Modules.Add(ReadModule(reader, version, table.Documents.Count, table.SlotCount));
            }

            return table;
        }

        private static void WriteModule(ByteWriter writer, ModuleProbes module)
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
                writer.WriteByte(clause.Fingerprint.HasValue ? (byte)1 : (byte)0);
                if (clause.Fingerprint.HasValue)
                {
                    writer.WriteUInt64(clause.Fingerprint.Value);
                }

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

        private static ModuleProbes ReadModule(ByteReader reader, byte version, int documentCount, int slotCount)
        {
            var module = new ModuleProbes
            {
                Name = reader.ReadString(),
                Fingerprint = reader.ReadUInt64(),
                FirstSlot = reader.ReadVarInt32(slotCount),
            };
            module.SlotCount = reader.ReadVarInt32(slotCount - module.FirstSlot);
            var lastSlot = module.FirstSlot + module.SlotCount - 1;
            var clauses = reader.ReadVarInt32();
            for (var i = 0; i < clauses; i++)
            {
                var clause = new ClauseProbes
                {
                    Function = reader.ReadString(),
                    Arity = reader.ReadVarInt32(),
                    Clause = reader.ReadVarInt32(),
                };
                clause.Fingerprint = version >= 2 ? ReadFingerprint(reader, module.Name) : null;
                clause.EntrySlot = ReadSlot(reader, module.FirstSlot, lastSlot);
                var lines = reader.ReadVarInt32();
                for (var j = 0; j < lines; j++)
                {
                    var document = reader.ReadVarInt32();
                    if (document >= documentCount)
                    {
                        throw new InvalidDataException($"A probe of {module.Name} names source document {document}, but the table has {documentCount} documents.");
                    }

                    var line = reader.ReadVarInt32();
                    var slot = ReadSlot(reader, module.FirstSlot, lastSlot);
                    var plus = new int[reader.ReadVarInt32(module.SlotCount)];
                    for (var k = 0; k < plus.Length; k++)
                    {
                        plus[k] = ReadSlot(reader, module.FirstSlot, lastSlot);
                    }

                    clause.Lines.Add(new LineProbe(document, line, slot, plus));
                }

                module.Clauses.Add(clause);
            }

            return module;
        }

        private static ulong? ReadFingerprint(ByteReader reader, string module)
        {
            var present = reader.ReadByte();
            return present switch
            {
                0 => null,
                1 => reader.ReadUInt64(),
                _ => throw new InvalidDataException($"A clause of {module} has a fingerprint marker {present}, which is neither 0 (none) nor 1."),
            };
        }

        private static int ReadSlot(ByteReader reader, int first, int last)
        {
            var slot = reader.ReadVarInt32();
            if (slot < first || slot > last)
            {
                throw new InvalidDataException($"Probe slot {slot} lies outside its module's slots {first}..{last}.");
            }

            return slot;
        }
    }
}
