using System.IO;
using System.Text;

namespace CoverWeaver.Model
{
    /// <summary>
    /// Reader for what <see cref="ByteWriter"/> wrote. Every overrun or out-of-range value throws
    /// <see cref="InvalidDataException"/>, so damaged input is refused, never half-read.
    /// </summary>
    internal sealed class ByteReader
    {
        private readonly byte[] _bytes;
        private readonly int _end;
        private int _position;

        public ByteReader(byte[] bytes, int offset, int count)
        {
            _bytes = bytes;
            _position = offset;
            _end = offset + count;
        }

        public bool AtEnd => _position >= _end;

        /// <summary>Where the next read starts, in the array given.</summary>
        public int Position => _position;

        /// <summary>The bytes read from <paramref name="start"/> up to <see cref="Position"/>.</summary>
        public byte[] ReadSince(int start)
        {
            var copy = new byte[_position - start];
            System.Array.Copy(_bytes, start, copy, 0, copy.Length);
            return copy;
        }

        /// <summary>
        /// If the next bytes are exactly <paramref name="expected"/>, moves past them and says so;
        /// otherwise reads nothing.
        /// </summary>
        public bool SkipIfNext(byte[] expected)
        {
            if (_end - _position < expected.Length)
            {
                return false;
            }

            for (var i = 0; i < expected.Length; i++)
            {
                if (_bytes[_position + i] != expected[i])
                {
                    return false;
                }
            }

            _position += expected.Length;
            return true;
        }

        public byte ReadByte()
        {
            Need(1);
            return _bytes[_position++];
        }

        public ulong ReadUInt64()
        {
            Need(8);
            ulong value = 0;
            for (var i = 0; i < 8; i++)
            {
                value |= (ulong)_bytes[_position++] << (8 * i);
            }

            return value;
        }

        public ulong ReadVarUInt64()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = ReadByte();
                if (shift == 63 && (b & 0x7E) != 0)
                {
                    // The tenth byte holds only bit 63; anything more would be silently dropped.
                    throw new InvalidDataException("A number is longer than 64 bits.");
                }

                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new InvalidDataException("A number is longer than 64 bits.");
        }

        /// <summary>Reads a non-negative int no larger than <paramref name="max"/>.</summary>
        public int ReadVarInt32(int max = int.MaxValue)
        {
            var value = ReadVarUInt64();
            if (value > (ulong)max)
            {
                throw new InvalidDataException($"A value of {value} is out of range (at most {max}).");
            }

            return (int)value;
        }

        public string ReadString()
        {
            // The limit is what remains after the length prefix, so it is checked once the prefix is read.
            var length = ReadVarInt32();
            Need(length);
            var value = Encoding.UTF8.GetString(_bytes, _position, length);
            _position += length;
            return value;
        }

        private void Need(int count)
        {
            if (_end - _position < count)
            {
                throw new InvalidDataException("The data ends too early.");
            }
        }
    }
}
