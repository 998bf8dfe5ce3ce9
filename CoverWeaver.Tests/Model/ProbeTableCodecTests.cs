extern alias runtime;

using System;
using System.IO;
using System.Linq;
using System.Text;
using runtime::CoverWeaver.Model;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Model
{
    /// <summary>
    /// The probe table is how the runtime learns what woven code counts: it must come back exactly
    /// as written, and anything damaged must be refused with a message saying what is wrong, never
    /// half-read into wrong analyses.
    /// </summary>
    [TestClass]
    public sealed class ProbeTableCodecTests
    {
        private const string What = "the probe table of Test.Assembly";

        [TestMethod]
        public void RoundTripKeepsEveryField()
        {
            var table = SampleTable();

            var bytes = ProbeTableCodec.Encode(table);
            var decoded = ProbeTableCodec.Decode(bytes, What);

            Assert.AreEqual(Describe(table), Describe(decoded));
            // Encoding is deterministic: the decoded table writes the very same bytes.
            CollectionAssert.AreEqual(bytes, ProbeTableCodec.Encode(decoded));
        }

        [TestMethod]
        public void EveryFlippedByteIsRefused()
        {
            var bytes = ProbeTableCodec.Encode(SampleTable());
            for (var i = 0; i < bytes.Length; i++)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] ^= 0x01;
                var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(damaged, What), $"byte {i} flipped");
                StringAssert.StartsWith(e.Message, What + ":", $"byte {i}: the message names the table");
            }
        }

        [TestMethod]
        public void AFlippedPayloadByteIsReportedAsDamage()
        {
            var bytes = ProbeTableCodec.Encode(SampleTable());
            bytes[bytes.Length / 2] ^= 0x40;

            var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(bytes, What));
            StringAssert.Contains(e.Message, "checksum");
        }

        [TestMethod]
        public void ATruncatedTableIsRefusedAsTruncated()
        {
            var bytes = ProbeTableCodec.Encode(SampleTable());
            foreach (var keep in new[] { bytes.Length - 1, bytes.Length / 2, 20 })
            {
                var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(bytes.Take(keep).ToArray(), What), $"{keep} bytes kept");
                StringAssert.Contains(e.Message, "truncated", $"{keep} bytes kept");
            }

            var tiny = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(bytes.Take(5).ToArray(), What));
            StringAssert.Contains(tiny.Message, "too short");
        }

        [TestMethod]
        public void AnotherFormatVersionIsRefusedNamingBothVersions()
        {
            var writer = new ByteWriter();
            ProbeTableCodec.Write(writer, SampleTable());
            // A well-formed frame, checksum and all, only of a version this runtime does not read.
            var future = Frame.Wrap(ProbeTableCodec.Magic, ProbeTableCodec.Version + 1, writer.ToArray());

            var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(future, What));
            StringAssert.Contains(e.Message, $"version {ProbeTableCodec.Version + 1} is not supported");
            StringAssert.Contains(e.Message, $"reads versions {ProbeTableCodec.OldestVersion} to {ProbeTableCodec.Version}");
        }

        [TestMethod]
        public void AnotherSignatureIsRefused()
        {
            var bytes = ProbeTableCodec.Encode(SampleTable());
            bytes[0] = (byte)'X';

            var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(bytes, What));
            StringAssert.Contains(e.Message, "signature");
        }

        [TestMethod]
        public void ALineSlotOutsideItsModuleIsRefused()
        {
            var table = SampleTable();
            var second = table.Modules[1];
            // Slot 2 is the first module's: a table pointing there would mix two modules' counts.
            second.Clauses[0].Lines.Add(new LineProbe(0, 99, 2));

            var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(ProbeTableCodec.Encode(table), What));
            StringAssert.Contains(e.Message, "slot 2");
            StringAssert.Contains(e.Message, $"{second.FirstSlot}..{second.FirstSlot + second.SlotCount - 1}");
        }

        [TestMethod]
        public void AnEntrySlotOutsideItsModuleIsRefused()
        {
            var table = SampleTable();
            table.Modules[0].Clauses[0].EntrySlot = table.Modules[0].FirstSlot + table.Modules[0].SlotCount;

            var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(ProbeTableCodec.Encode(table), What));
            StringAssert.Contains(e.Message, "outside its module's slots");
        }

        [TestMethod]
        public void AModuleReachingPastTheTablesSlotsIsRefused()
        {
            var table = SampleTable();
            table.Modules[1].SlotCount = table.SlotCount;

            var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(ProbeTableCodec.Encode(table), What));
            StringAssert.Contains(e.Message, "out of range");
        }

        [TestMethod]
        public void ADocumentIndexPastTheDocumentsIsRefused()
        {
            var table = SampleTable();
            table.Modules[0].Clauses[0].Lines.Add(new LineProbe(table.Documents.Count, 7, 2));

            var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(ProbeTableCodec.Encode(table), What));
            StringAssert.Contains(e.Message, "document");
        }

        [TestMethod]
        public void ALineInATableWithoutDocumentsIsRefused()
        {
            // With no documents every document index is out of range; an analysis of such a
            // table would otherwise fail later, far from the damaged data.
            var table = SampleTable();
            table.Documents.Clear();

            var e = Assert.ThrowsExactly<InvalidDataException>(() => ProbeTableCodec.Decode(ProbeTableCodec.Encode(table), What));
            StringAssert.Contains(e.Message, "document");
        }

        [TestMethod]
        public void FindInFindsATableAmidOtherBytesAndSkipsAFakeSignature()
        {
            var table = SampleTable();
            var encoded = ProbeTableCodec.Encode(table);
            var random = new Random(20240601);
            var before = new byte[3000];
            var after = new byte[2000];
            random.NextBytes(before);
            random.NextBytes(after);

            // A frame with the right signature and version but a bad checksum, as an assembly that
            // merely mentions the magic might hold; it lies before the real table.
            var fake = ProbeTableCodec.Encode(OtherTable());
            fake[fake.Length - 1] ^= 0xFF;
            Array.Copy(fake, 0, before, 1000, fake.Length);

            var image = before.Concat(encoded).Concat(after).ToArray();
            var found = ProbeTableCodec.FindIn(image);

            Assert.IsNotNull(found);
            Assert.AreEqual(Describe(table), Describe(found));
        }

        [TestMethod]
        public void FindInReturnsNullWhenOnlyDamagedTablesArePresent()
        {
            var encoded = ProbeTableCodec.Encode(SampleTable());
            encoded[encoded.Length / 2] ^= 0x10;
            var image = new byte[500].Concat(encoded).Concat(new byte[500]).ToArray();

            Assert.IsNull(ProbeTableCodec.FindIn(image));
        }

        /// <summary>Two modules, the second's slots following the first's, two documents, non-ASCII text.</summary>
        internal static AssemblyProbeTable SampleTable()
        {
            var table = new AssemblyProbeTable
            {
                AssemblyName = "Test.Assembly",
                BuildId = 0xFEDCBA9876543210UL,
                Mode = CountingMode.Count,
                SlotCount = 300,
            };
            table.Documents.Add("/src/Alpha.cs");
            table.Documents.Add("/src/Bêta ünïcode.cs");

            var alpha = new ModuleProbes { Name = "Ns.Alpha", Fingerprint = 0x0123456789ABCDEFUL, FirstSlot = 0, SlotCount = 5 };
            var run = new ClauseProbes { Function = "Run", Arity = 1, Clause = 1, EntrySlot = 0, Fingerprint = 0x8000000000000001UL };
            run.Lines.Add(new LineProbe(0, 10, 1));
            run.Lines.Add(new LineProbe(0, 10, 2));
            run.Lines.Add(new LineProbe(0, 200, 3));
            var runToo = new ClauseProbes { Function = "Run", Arity = 1, Clause = 2, EntrySlot = 4 };
            alpha.Clauses.Add(run);
            alpha.Clauses.Add(runToo);

            // Slots above 127 take two bytes as varints; the boundary is worth crossing.
            var beta = new ModuleProbes { Name = "Ns.Beta`1+Inner", Fingerprint = ulong.MaxValue, FirstSlot = 5, SlotCount = 295 };
            // runToo has no fingerprint, as a table re-encoded from an old one holds; .ctor's is 0, which is one.
            var ctor = new ClauseProbes { Function = ".ctor", Arity = 0, Clause = 1, EntrySlot = 5, Fingerprint = 0 };
            ctor.Lines.Add(new LineProbe(1, 128, 128));
            ctor.Lines.Add(new LineProbe(1, 1_000_000, 299));
            beta.Clauses.Add(ctor);

            table.Modules.Add(alpha);
            table.Modules.Add(beta);
            return table;
        }

        private static AssemblyProbeTable OtherTable()
        {
            var table = new AssemblyProbeTable { AssemblyName = "Fake", BuildId = 1, SlotCount = 0 };
            table.Documents.Add("/fake.cs");
            return table;
        }

        /// <summary>Every field of a table as text, so a mismatch shows where it is.</summary>
        internal static string Describe(AssemblyProbeTable table)
        {
            var text = new StringBuilder();
            text.AppendLine($"{table.AssemblyName} {table.BuildId:x16} {table.Mode} {table.SlotCount}");
            foreach (var document in table.Documents)
            {
                text.AppendLine("doc " + document);
            }

            foreach (var module in table.Modules)
            {
                text.AppendLine($"module {module.Name} {module.Fingerprint:x16} {module.FirstSlot} {module.SlotCount}");
                foreach (var clause in module.Clauses)
                {
                    text.AppendLine($"  clause {clause.Function}/{clause.Arity}#{clause.Clause} entry {clause.EntrySlot} fingerprint {clause.Fingerprint?.ToString("x16") ?? "none"}");
                    foreach (var line in clause.Lines)
                    {
                        text.AppendLine($"    line {line.Document}:{line.Line} slot {line.Slot}");
                    }
                }
            }

            return text.ToString();
        }
    }
}
