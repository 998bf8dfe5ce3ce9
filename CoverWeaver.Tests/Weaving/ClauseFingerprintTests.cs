extern alias runtime;

using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// Each clause's fingerprint is its identity across builds: a method that did not change keeps
    /// it even when it moved (code above it grew), a method whose code changed gets another, and
    /// the module fingerprints keep their meaning (any change or move in the module changes them).
    /// </summary>
    [TestClass]
    public sealed class ClauseFingerprintTests
    {
        [TestMethod]
        public void AnUnchangedMethodKeepsItsFingerprintWhereverItMovedAndAChangedOneDoesNot()
        {
            using var temp = new TempDirectory();
            var (old, redeployed) = RedeployedLibrary.Build(temp);

            var before = Clauses(old);
            var after = Clauses(redeployed);
            CollectionAssert.AreEquivalent(new[] { "Shop.Prices Discount/1", "Shop.Prices Total/2", "Shop.Prices CountPaid/1", "Shop.Basket Add/1" }, after.Keys.ToArray());
            Assert.IsTrue(before.Values.Concat(after.Values).All(c => c.Fingerprint.HasValue), "the weaver records every clause's fingerprint");

            Assert.AreNotEqual(before["Shop.Prices Discount/1"].Fingerprint, after["Shop.Prices Discount/1"].Fingerprint, "the changed method");
            foreach (var moved in new[] { "Shop.Prices Total/2", "Shop.Prices CountPaid/1", "Shop.Basket Add/1" })
            {
                Assert.AreEqual(before[moved].Lines[0].Line + 2, after[moved].Lines[0].Line, $"{moved} moved down two lines");
                Assert.AreEqual(before[moved].Fingerprint, after[moved].Fingerprint, $"{moved} did not change");
            }

            Assert.AreEqual(2, old.Modules.Count);
            Assert.IsTrue(old.Modules.Zip(redeployed.Modules).All(pair => pair.First.Fingerprint != pair.Second.Fingerprint), "each module changed or moved, so each module fingerprint differs");
            Assert.AreNotEqual(old.BuildId, redeployed.BuildId);
        }

        private static Dictionary<string, ClauseProbes> Clauses(AssemblyProbeTable table) =>
            table.Modules.SelectMany(m => m.Clauses.Select(c => (Key: $"{m.Name} {c.Function}/{c.Arity}", Clause: c))).ToDictionary(p => p.Key, p => p.Clause);
    }
}
