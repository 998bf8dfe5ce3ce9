using System;
using System.IO;
using CoverWeaver.Model;

namespace CoverWeaver.Persistence
{
    /// <summary>
    /// Where things are in a counter file. Everything after the header follows from the header's
    /// length and fields, so a reader checks one length against the file's instead of trusting
    /// stored offsets:
    /// <code>
    /// [header frame][zeros to a 64-byte boundary]
    /// [baseline: one long per slot, to a 64-byte boundary]   count mode, segment 0 only
    /// [64 bytes of padding]
    /// [block 0][64 bytes of padding][block 1][64 bytes of padding]...
    /// </code>
    /// A count-mode block is one long per slot, a set-mode block (there is one) a byte per slot,
    /// each rounded up to whole cache lines. Blocks start on 64-byte boundaries (the file is mapped
    /// at a page boundary) and a padding line separates each from whatever is written next to it,
    /// so no two threads' counters share a cache line.
    /// </summary>
    internal sealed class CounterFileLayout
    {
        public const int CacheLine = 64;

        /// <summary>Count-mode blocks are grouped into files of about this size, and at most <see cref="MaxBlocksPerFile"/>.</summary>
        private const long TargetFileBytes = 1L << 20;

        private const int MaxBlocksPerFile = 16;

        public CounterFileLayout(long headerBytes, CountingMode mode, int slotCount, int segment, int blockCount)
        {
            if (slotCount < 0 || segment < 0 || blockCount < 1 || (mode == CountingMode.Set && (segment != 0 || blockCount != 1)))
            {
                throw new InvalidDataException($"The layout of {blockCount} blocks of {slotCount} slots in segment {segment} ({mode} mode) is not one this runtime writes.");
            }

            Mode = mode;
            SlotCount = slotCount;
            Segment = segment;
            BlockCount = blockCount;
            BaselineOffset = Align(headerBytes);
            BaselineBytes = HasBaseline ? Align((long)slotCount * sizeof(long)) : 0;
            BlocksOffset = BaselineOffset + BaselineBytes + CacheLine;
            BlockStride = Align((long)slotCount * ElementSize) + CacheLine;
            FileLength = BlocksOffset + (blockCount * BlockStride);
        }

        public CountingMode Mode { get; }

        public int SlotCount { get; }

        public int Segment { get; }

        public int BlockCount { get; }

        /// <summary>Only the first file of a count-mode assembly holds the reset baseline.</summary>
        public bool HasBaseline => Mode == CountingMode.Count && Segment == 0;

        public int ElementSize => Mode == CountingMode.Count ? sizeof(long) : 1;

        public long BaselineOffset { get; }

        public long BaselineBytes { get; }

        public long BlocksOffset { get; }

        public long BlockStride { get; }

        public long FileLength { get; }

        public long BlockOffset(int block) => BlocksOffset + (block * BlockStride);

        /// <summary>How many count-mode blocks each file holds: files of about a megabyte, at least one block.</summary>
        public static int BlocksPerFile(CountingMode mode, int slotCount)
        {
            if (mode == CountingMode.Set)
            {
                return 1;
            }

            var stride = Align((long)slotCount * sizeof(long)) + CacheLine;
            return (int)Math.Max(1, Math.Min(MaxBlocksPerFile, TargetFileBytes / stride));
        }

        public static long Align(long bytes) => (bytes + CacheLine - 1) & ~(long)(CacheLine - 1);
    }
}
