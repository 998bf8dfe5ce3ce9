using System;
using System.IO;

namespace CoverWeaver.Model
{
    /// <summary>
    /// The envelope around every blob CoverWeaver writes: magic, format version, length, payload,
    /// checksum. The checksum lets a reader refuse a damaged or truncated blob as a whole, and
    /// lets the runtime find probe tables inside assembly files it has not loaded.
    /// </summary>
    internal static class Frame
    {
        private const int HeaderSize = 4 + 1 + 4;
        private const int TrailerSize = 8;

        public static byte[] Wrap(byte[] magic, byte version, byte[] payload) =>
            Wrap(magic, version, new ArraySegment<byte>(payload));

        /// <summary>Frames what a writer holds, copying it once: snapshots of a million probes are tens of megabytes.</summary>
        public static byte[] Wrap(byte[] magic, byte version, ByteWriter payload) => Wrap(magic, version, payload.Written);

        private static byte[] Wrap(byte[] magic, byte version, ArraySegment<byte> payload)
        {
            var frame = new byte[HeaderSize + payload.Count + TrailerSize];
            Buffer.BlockCopy(magic, 0, frame, 0, magic.Length);
            frame[magic.Length] = version;
            WriteLittleEndian(frame, magic.Length + 1, (uint)payload.Count, 4);
            Buffer.BlockCopy(payload.Array!, payload.Offset, frame, HeaderSize, payload.Count);
            WriteLittleEndian(frame, HeaderSize + payload.Count, Fnv64.Of(frame, HeaderSize, payload.Count), 8);
            return frame;
        }

        private static void WriteLittleEndian(byte[] into, int at, ulong value, int bytes)
        {
            for (var i = 0; i < bytes; i++)
            {
                into[at + i] = (byte)(value >> (8 * i));
            }
        }

        /// <summary>
        /// Unwraps a frame that must fill <paramref name="bytes"/> from <paramref name="offset"/> to the end;
        /// throws <see cref="InvalidDataException"/> naming what is wrong.
        /// </summary>
        public static ByteReader Open(byte[] bytes, int offset, byte[] magic, byte version, string what) =>
            Open(bytes, offset, magic, version, version, what, out _);

        /// <summary>
        /// Unwraps a frame of any version from <paramref name="oldest"/> to <paramref name="newest"/>
        /// (a format still read after it changed), saying which one it is in <paramref name="found"/>.
        /// </summary>
        public static ByteReader Open(byte[] bytes, int offset, byte[] magic, byte oldest, byte newest, string what, out byte found)
        {
            if (!TryLocate(bytes, offset, magic, out var payloadOffset, out var payloadLength, out var problem, out found))
            {
                throw new InvalidDataException($"{what}: {problem}");
            }

            if (found < oldest || found > newest)
            {
                var read = oldest == newest ? $"version {newest}" : $"versions {oldest} to {newest}";
                throw new InvalidDataException($"{what}: format version {found} is not supported (this runtime reads {read}).");
            }

            if (payloadOffset + payloadLength + TrailerSize != bytes.Length)
            {
                throw new InvalidDataException($"{what}: it has unexpected data after its end.");
            }

            return new ByteReader(bytes, payloadOffset, payloadLength);
        }

        /// <summary>
        /// Searches <paramref name="bytes"/> for the first valid frame with the given magic and a
        /// version from <paramref name="oldest"/> to <paramref name="newest"/>, which it gives in <paramref name="found"/>.
        /// </summary>
        public static bool TryFind(byte[] bytes, byte[] magic, byte oldest, byte newest, out ByteReader? reader, out byte found)
        {
            for (var start = IndexOf(bytes, magic, 0); start >= 0; start = IndexOf(bytes, magic, start + 1))
            {
                if (TryLocate(bytes, start, magic, out var payloadOffset, out var payloadLength, out _, out found) && found >= oldest && found <= newest)
                {
                    reader = new ByteReader(bytes, payloadOffset, payloadLength);
                    return true;
                }
            }

            reader = null;
            found = 0;
            return false;
        }

        private static bool TryLocate(byte[] bytes, int offset, byte[] magic, out int payloadOffset, out int payloadLength, out string problem, out byte version)
        {
            payloadOffset = 0;
            payloadLength = 0;
            version = 0;
            if (bytes.Length - offset < HeaderSize + TrailerSize)
            {
                problem = "it is too short to hold any data.";
                return false;
            }

            for (var i = 0; i < magic.Length; i++)
            {
                if (bytes[offset + i] != magic[i])
                {
                    problem = "it is not in the expected format (wrong signature).";
                    return false;
                }
            }

            version = bytes[offset + magic.Length];
            var at = offset + magic.Length + 1;
            payloadLength = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
            payloadOffset = offset + HeaderSize;

            if (payloadLength < 0 || (long)payloadOffset + payloadLength + TrailerSize > bytes.Length)
            {
                problem = "it is truncated.";
                return false;
            }

            var stored = new ByteReader(bytes, payloadOffset + payloadLength, TrailerSize).ReadUInt64();
            if (stored != Fnv64.Of(bytes, payloadOffset, payloadLength))
            {
                problem = "it is damaged (checksum mismatch).";
                return false;
            }

            problem = "";
            return true;
        }

        private static int IndexOf(byte[] bytes, byte[] magic, int from)
        {
            var first = magic[0];
            for (var i = from; i <= bytes.Length - magic.Length; i++)
            {
                i = Array.IndexOf(bytes, first, i);
                if (i < 0 || i > bytes.Length - magic.Length)
                {
                    return -1;
                }

                var match = true;
                for (var j = 1; j < magic.Length && match; j++)
                {
                    match = bytes[i + j] == magic[j];
                }

                if (match)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
