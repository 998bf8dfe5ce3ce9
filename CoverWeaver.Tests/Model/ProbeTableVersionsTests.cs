extern alias runtime;

using System;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Persistence;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Model
{
    /// <summary>
    /// Probe tables gained each clause's fingerprint in format version 2. Everything written
    /// before (a woven assembly's resource, a coverage file, a counter file a process left, a
    /// center's stored table) is still read, with no clause fingerprints and all else as it was;
    /// what is written now says it is version 2 and keeps the fingerprints.
    /// </summary>
    [TestClass]
    public sealed class ProbeTableVersionsTests
    {
        [TestMethod]
        public void ATableOfVersionOneIsReadWithoutClauseFingerprints()
        {
            var table = ProbeTableCodecTests.SampleTable();
            var old = VersionOneFormats.ProbeTable(table);

            var decoded = ProbeTableCodec.Decode(old, "an old table");
            Assert.IsTrue(decoded.Modules.SelectMany(m => m.Clauses).All(c => c.Fingerprint == null), "no clause has a fingerprint");
            Assert.AreEqual(OldDescription(), ProbeTableCodecTests.Describe(decoded), "everything else as written");

            var image = new byte[700].Concat(old).Concat(new byte[300]).ToArray();
            Assert.AreEqual(ProbeTableCodecTests.Describe(decoded), ProbeTableCodecTests.Describe(ProbeTableCodec.FindIn(image)!), "found in an old woven assembly too");
        }

        [TestMethod]
        public void WhatIsWrittenNowIsVersionTwoAndKeepsClauseFingerprints()
        {
            var table = ProbeTableCodecTests.SampleTable();
            var bytes = ProbeTableCodec.Encode(table);
            Assert.AreEqual(2, bytes[ProbeTableCodec.Magic.Length], "the frame's version");

            var clauses = ProbeTableCodec.Decode(bytes, "a new table").Modules.SelectMany(m => m.Clauses).Select(c => c.Fingerprint).ToArray();
            CollectionAssert.AreEqual(new ulong?[] { 0x8000000000000001UL, null, 0UL }, clauses, "a fingerprint, none, and zero, told apart");

            // An old table re-encoded (the center stores what it decoded) stays without fingerprints.
            var again = ProbeTableCodec.Decode(ProbeTableCodec.Encode(ProbeTableCodec.Decode(VersionOneFormats.ProbeTable(table), "old")), "re-encoded");
            Assert.IsTrue(again.Modules.SelectMany(m => m.Clauses).All(c => c.Fingerprint == null));
        }

        [TestMethod]
        public void ACoverageFileOfVersionOneIsReadWithItsCounts()
        {
            var table = ProbeTableCodecTests.SampleTable();
            var snapshots = table.Modules.Select(m => new ModuleSnapshot(table, m, Enumerable.Range(1, m.SlotCount).Select(i => (long)i * 3).ToArray())).ToList();
            var old = VersionOneFormats.CoverageFile(snapshots);

            foreach (var tables in new[] { null, new DecodedTables() })
            {
                var decoded = CoverageFile.Decode(old, "an old coverage file", tables);
                CollectionAssert.AreEqual(snapshots.SelectMany(s => s.Counts).ToArray(), decoded.SelectMany(s => s.Counts).ToArray(), "the counts");
                Assert.AreEqual(OldDescription(), ProbeTableCodecTests.Describe(decoded[0].Assembly), "the table");
            }

            var now = CoverageFile.Encode(snapshots);
            Assert.AreEqual(2, now[CoverageFile.Magic.Length], "written now as version 2");
            Assert.AreEqual(0x8000000000000001UL, CoverageFile.Decode(now, "new")[0].Module.Clauses[0].Fingerprint);
        }

        [TestMethod]
        public void TheSameTableInBothVersionsIsNotTakenOneForTheOther()
        {
            // The decoded-table cache compares bytes: a table of one version must not answer for the other's.
            var table = ProbeTableCodecTests.SampleTable();
            var snapshots = table.Modules.Select(m => new ModuleSnapshot(table, m, new long[m.SlotCount])).ToList();
            var tables = new DecodedTables();
            var old = CoverageFile.Decode(VersionOneFormats.CoverageFile(snapshots), "old", tables);
            var now = CoverageFile.Decode(CoverageFile.Encode(snapshots), "new", tables);
            Assert.IsNull(old[0].Module.Clauses[0].Fingerprint);
            Assert.AreEqual(0x8000000000000001UL, now[0].Module.Clauses[0].Fingerprint);
        }

        [TestMethod]
        public void ACounterFileOfVersionOneIsRead()
        {
            var table = ProbeTableCodecTests.SampleTable();
            var instance = Guid.NewGuid();
            var (header, layout) = CounterFileHeader.Read(VersionOneFormats.CounterFile(instance, 41, 2, table), "an old counter file");
            Assert.AreEqual(instance, header.Instance);
            Assert.AreEqual(41, header.ProcessId);
            Assert.AreEqual(2, layout.BlockCount);
            Assert.AreEqual(OldDescription(), ProbeTableCodecTests.Describe(header.Table));

            var now = new CounterFileHeader(instance, 41, 0, 2, table).Encode();
            Assert.AreEqual(2, now[CounterFileHeader.Magic.Length], "written now as version 2");
        }

        [TestMethod]
        public void AFutureVersionOfACoverageFileIsRefusedNamingTheVersionsRead()
        {
            var future = Frame.Wrap(CoverageFile.Magic, 3, new byte[] { 0 });
            var e = Assert.ThrowsExactly<InvalidDataException>(() => CoverageFile.Decode(future, "a file from the future"));
            StringAssert.Contains(e.Message, "format version 3 is not supported (this runtime reads versions 1 to 2)");
        }

        /// <summary>The sample table as version 1 held it: no clause fingerprints, all else the same.</summary>
        private static string OldDescription()
        {
            var table = ProbeTableCodecTests.SampleTable();
            foreach (var clause in table.Modules.SelectMany(m => m.Clauses))
            {
                clause.Fingerprint = null;
            }

            return ProbeTableCodecTests.Describe(table);
        }
    }
}
