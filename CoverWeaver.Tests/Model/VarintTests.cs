extern alias runtime;

using System.IO;
using runtime::CoverWeaver.Model;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Model
{
    /// <summary>
    /// Counts and line numbers travel as LEB128 varints; the values at the edges of each byte
    /// length are where such codecs break.
    /// </summary>
    [TestClass]
    public sealed class VarintTests
    {
        [TestMethod]
        [DataRow(0UL, 1)]
        [DataRow(1UL, 1)]
        [DataRow(127UL, 1)]
        [DataRow(128UL, 2)]
        [DataRow(16383UL, 2)]
        [DataRow(16384UL, 3)]
        [DataRow((ulong)int.MaxValue, 5)]
        [DataRow((ulong)long.MaxValue, 9)]
        [DataRow(ulong.MaxValue, 10)]
        public void VarUInt64RoundTripsAtEveryLengthBoundary(ulong value, int expectedLength)
        {
            var writer = new ByteWriter();
            writer.WriteVarUInt64(value);
            var bytes = writer.ToArray();

            Assert.HasCount(expectedLength, bytes);
            var reader = new ByteReader(bytes, 0, bytes.Length);
            Assert.AreEqual(value, reader.ReadVarUInt64());
            Assert.IsTrue(reader.AtEnd, "nothing is left over");
        }

        [TestMethod]
        public void FixedWidthAndStringsRoundTripInSequence()
        {
            var writer = new ByteWriter();
            writer.WriteUInt64(0x8000000000000001UL);
            writer.WriteString("");
            writer.WriteString("Ns.Outer+Inner`2 — ünïcode");
            writer.WriteVarInt32(int.MaxValue);
            var bytes = writer.ToArray();

            var reader = new ByteReader(bytes, 0, bytes.Length);
            Assert.AreEqual(0x8000000000000001UL, reader.ReadUInt64());
            Assert.AreEqual("", reader.ReadString());
            Assert.AreEqual("Ns.Outer+Inner`2 — ünïcode", reader.ReadString());
            Assert.AreEqual(int.MaxValue, reader.ReadVarInt32());
            Assert.IsTrue(reader.AtEnd);
        }

        [TestMethod]
        public void AVarintLongerThan64BitsIsRefused()
        {
            var bytes = new byte[11];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = 0x80;
            }

            var e = Assert.ThrowsExactly<InvalidDataException>(() => new ByteReader(bytes, 0, bytes.Length).ReadVarUInt64());
            StringAssert.Contains(e.Message, "64 bits");
        }

        [TestMethod]
        public void ATenthByteWithMoreThanBit63IsRefusedNotTruncated()
        {
            // Nine full groups of 7 bits, then a tenth byte carrying bits 63 and 64.
            var bytes = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x03 };

            var e = Assert.ThrowsExactly<InvalidDataException>(() => new ByteReader(bytes, 0, bytes.Length).ReadVarUInt64());
            StringAssert.Contains(e.Message, "64 bits");
        }

        [TestMethod]
        public void AVarintCutShortIsRefused()
        {
            var writer = new ByteWriter();
            writer.WriteVarUInt64(long.MaxValue);
            var bytes = writer.ToArray();

            var e = Assert.ThrowsExactly<InvalidDataException>(() => new ByteReader(bytes, 0, bytes.Length - 1).ReadVarUInt64());
            StringAssert.Contains(e.Message, "ends too early");
        }

        [TestMethod]
        public void AnInt32AboveItsLimitIsRefusedNotWrapped()
        {
            var writer = new ByteWriter();
            writer.WriteVarUInt64((ulong)int.MaxValue + 1);
            writer.WriteVarInt32(11);
            var bytes = writer.ToArray();

            Assert.ThrowsExactly<InvalidDataException>(() => new ByteReader(bytes, 0, bytes.Length).ReadVarInt32());
            var limited = new ByteReader(bytes, 5, bytes.Length - 5);
            var e = Assert.ThrowsExactly<InvalidDataException>(() => limited.ReadVarInt32(10));
            StringAssert.Contains(e.Message, "at most 10");
        }

        [TestMethod]
        public void AStringLongerThanTheDataIsRefused()
        {
            var writer = new ByteWriter();
            writer.WriteString("hello");
            var bytes = writer.ToArray();

            // The length prefix says 5 but only 4 bytes follow within the reader's window.
            Assert.ThrowsExactly<InvalidDataException>(() => new ByteReader(bytes, 0, bytes.Length - 1).ReadString());
        }
    }
}
