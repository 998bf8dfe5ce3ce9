using System;
using System.IO;
using CoverWeaver.Model;

namespace CoverWeaver.Persistence
{
    /// <summary>
    /// The checksummed header at the start of a counter file: who wrote it (process id and a random
    /// instance id), which file of that process's assembly it is, how its blocks are laid out, and
    /// the assembly's whole probe table, so the file can be read where the assembly is absent.
    /// </summary>
    internal sealed class CounterFileHeader
    {
        /// <summary>The format written: version 2 embeds a probe table of format 2 (with clause fingerprints).</summary>
        public const byte Version = 2;

        /// <summary>The oldest format still read (files a process of an earlier runtime left): its table is of format 1.</summary>
        public const byte OldestVersion = 1;

        public static readonly byte[] Magic = { (byte)'C', (byte)'W', (byte)'l', (byte)'c' };

        // Magic, version and payload length come before the payload; a checksum follows it (see Frame).
        private const int FramePrefix = 4 + 1 + 4;
        private const int FrameTrailer = 8;

        public CounterFileHeader(Guid instance, int processId, int segment, int blockCount, AssemblyProbeTable table)
        {
            Instance = instance;
            ProcessId = processId;
            Segment = segment;
            BlockCount = blockCount;
            Table = table;
        }

        public Guid Instance { get; }

        public int ProcessId { get; }

        /// <summary>0 for the first file of this process's assembly, then 1, 2…: count-mode blocks beyond the first file's go to further files.</summary>
        public int Segment { get; }

        public int BlockCount { get; }

        public AssemblyProbeTable Table { get; }

        public byte[] Encode()
        {
            var writer = new ByteWriter();
            writer.WriteBytes(Instance.ToByteArray());
            writer.WriteVarInt32(ProcessId);
            writer.WriteVarInt32(Segment);
            writer.WriteVarInt32(BlockCount);
            ProbeTableCodec.Write(writer, Table);
            return Frame.Wrap(Magic, Version, writer.ToArray());
        }

        public CounterFileLayout Layout(long headerBytes) => new CounterFileLayout(headerBytes, Table.Mode, Table.SlotCount, Segment, BlockCount);

        /// <summary>Whether <paramref name="bytes"/> start like a counter file (they may still be damaged).</summary>
        public static bool LooksLikeCounterFile(byte[] bytes)
        {
            if (bytes.Length < Magic.Length)
            {
                return false;
            }

            for (var i = 0; i < Magic.Length; i++)
            {
                if (bytes[i] != Magic[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Reads the header at the start of a whole counter file and checks the file's length against
        /// it; throws <see cref="InvalidDataException"/> naming <paramref name="what"/> when anything is off.
        /// </summary>
        public static (CounterFileHeader Header, CounterFileLayout Layout) Read(byte[] file, string what)
        {
            if (file.Length < FramePrefix + FrameTrailer)
            {
                throw new InvalidDataException($"{what}: it is too short to hold a counter file header.");
            }

            if (!LooksLikeCounterFile(file))
            {
                throw new InvalidDataException($"{what}: it is not a counter file (wrong signature).");
            }

            var payload = file[5] | (file[6] << 8) | (file[7] << 16) | (file[8] << 24);
            var frameLength = (long)FramePrefix + payload + FrameTrailer;
            if (payload < 0 || frameLength > file.Length)
            {
                throw new InvalidDataException($"{what}: it is truncated (the header ends past the end of the file).");
            }

            var frame = new byte[frameLength];
            Array.Copy(file, frame, frameLength);
            var reader = Frame.Open(frame, 0, Magic, OldestVersion, Version, what, out var version);
            var instance = new byte[16];
            for (var i = 0; i < instance.Length; i++)
            {
                instance[i] = reader.ReadByte();
            }

            var processId = reader.ReadVarInt32();
            var segment = reader.ReadVarInt32();
            var blockCount = reader.ReadVarInt32();
            // Each version of this header embeds the probe table format of the same number.
            var table = ProbeTableCodec.Read(reader, version);
            if (!reader.AtEnd)
            {
                throw new InvalidDataException($"{what}: unexpected data after the probe table in its header.");
            }

            var header = new CounterFileHeader(new Guid(instance), processId, segment, blockCount, table);
            CounterFileLayout layout;
            try
            {
                layout = header.Layout(frameLength);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{what}: {e.Message}");
            }

            if (layout.FileLength != file.Length)
            {
                throw new InvalidDataException(
                    $"{what}: it is {file.Length} bytes long but its header describes {layout.FileLength} (truncated or damaged).");
            }

            return (header, layout);
        }
    }
}
