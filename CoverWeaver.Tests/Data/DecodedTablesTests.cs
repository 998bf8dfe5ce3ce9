extern alias runtime;

using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Data
{
    /// <summary>
    /// Decoding with the tables already parsed (what the coverage center does with every pull): the
    /// same result as a plain decode, a table met again is not parsed again, and a table that
    /// differs in any byte, or damage, is not mistaken for one seen.
    /// </summary>
    [TestClass]
    public sealed class DecodedTablesTests
    {
        [TestMethod]
        public void ATableMetAgainIsReusedAndAnyOtherIsParsed()
        {
            var tables = new DecodedTables();
            var cart = SyntheticCoverage.Table("Shop", "Shop.Cart", CountingMode.Count);
            var first = CoverageFile.Decode(CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(cart, 3, 1) }), "first", tables).Single();
            var again = CoverageFile.Decode(CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(cart, 5, 0) }), "again", tables).Single();
            Assert.AreSame(first.Assembly, again.Assembly, "the table met again is the one parsed before");
            CollectionAssert.AreEqual(new long[] { 5, 0 }, again.Counts, "the counts are this payload's");

            var plain = CoverageFile.Decode(CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(cart, 5, 0) }), "plain").Single();
            Assert.AreEqual(plain.Module.Fingerprint, again.Module.Fingerprint);
            CollectionAssert.AreEqual(plain.Counts, again.Counts);

            // Another build differs in a few bytes only: it is parsed, never taken for the first.
            var rebuilt = SyntheticCoverage.OtherBuild(cart);
            var other = CoverageFile.Decode(CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(rebuilt, 1, 1) }), "other", tables).Single();
            Assert.AreNotSame(first.Assembly, other.Assembly);
            Assert.AreEqual(rebuilt.BuildId, other.Assembly.BuildId);
            Assert.AreEqual(rebuilt.Modules[0].Fingerprint, other.Module.Fingerprint);

            // Damage after a known table is still refused whole.
            var damaged = CoverageFile.Encode(new[] { SyntheticCoverage.Snapshot(cart, 7, 7) });
            damaged[damaged.Length - 1] ^= 0xFF;
            Assert.ThrowsExactly<InvalidDataException>(() => CoverageFile.Decode(damaged, "damaged", tables));
        }
    }
}
