using System;
using System.Text;

namespace CoverWeaver.Model
{
    /// <summary>
    /// FNV-1a, 64 bits: a stable hash for fingerprints and checksums. Stable across processes and
    /// platforms, which <c>string.GetHashCode</c> is not; not meant to resist tampering.
    /// </summary>
    internal struct Fnv64
    {
        private const ulong OffsetBasis = 14695981039346656037UL;
        private const ulong Prime = 1099511628211UL;

        private ulong _hash;
        private bool _started;

        public ulong Value => _started ? _hash : OffsetBasis;

        public void Add(byte value)
        {
            if (!_started)
            {
                _hash = OffsetBasis;
                _started = true;
            }

            _hash = (_hash ^ value) * Prime;
        }

        public void Add(byte[] bytes, int offset, int count)
        {
            for (var i = offset; i < offset + count; i++)
            {
                Add(bytes[i]);
            }
        }

        public void Add(long value)
        {
            for (var i = 0; i < 8; i++)
            {
                Add((byte)(value >> (8 * i)));
            }
        }

        public void Add(string? value)
        {
            if (value == null)
            {
                Add(-1L);
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(value);
            Add((long)bytes.Length);
            Add(bytes, 0, bytes.Length);
        }

        /// <summary>
        /// A checksum of a byte range for frames: FNV-1a taken over little-endian 64-bit words (then
        /// the remaining bytes), eight times fewer steps than byte by byte, which matters for
        /// snapshots of tens of megabytes served while a process runs.
        /// </summary>
        public static ulong Of(byte[] bytes, int offset, int count)
        {
            var hash = OffsetBasis;
            var end = offset + count;
            var i = offset;
            for (; i + 8 <= end; i += 8)
            {
                hash = (hash ^ BitConverter.ToUInt64(bytes, i)) * Prime;
            }

            for (; i < end; i++)
            {
                hash = (hash ^ bytes[i]) * Prime;
            }

            return hash;
        }
    }
}
