using System;
using System.IO;
using System.Text;

namespace CoverWeaver.Model
{
    /// <summary>Compact little-endian writer with variable-length integers, for probe tables and coverage files.</summary>
    internal sealed class ByteWriter
    {
        private readonly MemoryStream _stream;

        public ByteWriter(int capacity = 0)
        {
            _stream = new MemoryStream(capacity);
        }

        public long Length => _stream.Length;

        /// <summary>The bytes written so far, without copying them: valid until the next write.</summary>
        public ArraySegment<byte> Written => new ArraySegment<byte>(_stream.GetBuffer(), 0, (int)_stream.Length);

        public void WriteByte(byte value) => _stream.WriteByte(value);

        public void WriteBytes(byte[] bytes) => _stream.Write(bytes, 0, bytes.Length);

        public void WriteUInt64(ulong value)
        {
            for (var i = 0; i < 8; i++)
            {
                _stream.WriteByte((byte)(value >> (8 * i)));
            }
        }

        public void WriteInt32(int value)
        {
            for (var i = 0; i < 4; i++)
            {
                _stream.WriteByte((byte)(value >> (8 * i)));
            }
        }

        /// <summary>Unsigned LEB128: small numbers, which most counts and line numbers are, take one byte.</summary>
        public void WriteVarUInt64(ulong value)
        {
            while (value >= 0x80)
            {
                _stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            _stream.WriteByte((byte)value);
        }

        public void WriteVarInt32(int value)
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Only non-negative numbers are encoded.");
            }

            WriteVarUInt64((ulong)value);
        }

        public void WriteString(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            WriteVarInt32(bytes.Length);
            WriteBytes(bytes);
        }

        public byte[] ToArray() => _stream.ToArray();
    }
}
