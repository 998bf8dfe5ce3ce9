extern alias runtime;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CoverWeaver.Center;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;
using static CoverWeaver.Tests.Center.CenterTargetsAndBuildsTests;

namespace CoverWeaver.Tests.Center
{
    /// <summary>
    /// Carrying counts over a redeploy method by method, with two real builds of a library in
    /// which one method changed and the others only moved: each unchanged method's counts carry
    /// over line by line to where the method is now, the changed method starts at zero, and
    /// <c>carry=false</c> shows the new build's own counts.
    /// </summary>
    [TestClass]
    public sealed class CenterMethodCarryTests
    {
        [TestMethod]
        public async Task CountsOfMethodsWhoseCodeDidNotChangeCarryOverLineByLineAndAChangedMethodStartsAtZero()
        {
            using var temp = new TempDirectory();
            var (old, redeployed) = RedeployedLibrary.Build(temp);
            await using var center = await CenterHost.StartAsync(new CenterOptions { Port = 0, Database = temp.Combine("c.db"), Interval = TimeSpan.FromHours(1) }, _ => { });
            using var client = new HttpClient { BaseAddress = center.Address };

            // Every counter of the old build has its own count, so a counter carried to the wrong place shows.
            var oldCounts = Enumerable.Range(0, old.SlotCount).Select(slot => 1000L + (10L * slot)).ToArray();
            await DeliverCounts(client, old, 1, oldCounts);
            await DeliverCounts(client, redeployed, 2, Enumerable.Repeat(1L, redeployed.SlotCount).ToArray());

            var carried = Counts(CoverageFile.Decode(await client.GetByteArrayAsync("api/services/shop/report?format=export&scope=live"), "live"));
            var own = Counts(CoverageFile.Decode(await client.GetByteArrayAsync("api/services/shop/report?format=export&scope=live&carry=false"), "live"));
            foreach (var (module, clause) in Clauses(redeployed))
            {
                var name = $"{module.Name} {clause.Function}/{clause.Arity}";
                var before = Clauses(old).Single(c => c.Module.Name == module.Name && c.Clause.Function == clause.Function && c.Clause.Arity == clause.Arity).Clause;
                Assert.AreEqual(1L, own[(module.Name, clause.EntrySlot)], $"{name}: without carrying, its own entry count");
                if (clause.Function == "Discount")
                {
                    Assert.AreEqual(1L, carried[(module.Name, clause.EntrySlot)], "the changed method starts at zero: its entry has its own count only");
                    Assert.IsTrue(clause.Lines.All(l => carried[(module.Name, l.Slot)] == 1L), "and so has each of its lines");
                    continue;
                }

                Assert.AreEqual(1 + oldCounts[before.EntrySlot], carried[(module.Name, clause.EntrySlot)], $"{name}: entries of both builds");
                Assert.AreEqual(before.Lines.Count, clause.Lines.Count, name);
                for (var i = 0; i < clause.Lines.Count; i++)
                {
                    // The i-th line of the method now has its own count plus the i-th line's of the old build, two lines up.
                    Assert.AreEqual(before.Lines[i].Line + 2, clause.Lines[i].Line, $"{name}: line {i} moved");
                    Assert.AreEqual(1 + oldCounts[before.Lines[i].Slot], carried[(module.Name, clause.Lines[i].Slot)], $"{name}: line {clause.Lines[i].Line}");
                }
            }

            var service = JsonDocument.Parse(await client.GetStringAsync("api/services/shop?scope=live")).RootElement;
            var from = old.BuildId.ToString("x16");
            CollectionAssert.AreEquivalent(
                new[] { $"Shop.Prices Total/2#1 {from}", $"Shop.Prices CountPaid/1#1 {from}", $"Shop.Basket Add/1#1 {from}" },
                Carried(service),
                "the unchanged methods, the changed one not");
            StringAssert.Contains(await client.GetStringAsync("services/shop?scope=live"), "3 methods (in 2 modules) whose code did not change are carried over", "the service page says so");
            var without = JsonDocument.Parse(await client.GetStringAsync("api/services/shop?scope=live&carry=false")).RootElement;
            Assert.AreEqual(0, Carried(without).Length, "carry=false carries nothing");
        }

        /// <summary>Each counter of the snapshots by module and slot (the table's slot number).</summary>
        private static Dictionary<(string Module, int Slot), long> Counts(IEnumerable<ModuleSnapshot> snapshots) =>
            snapshots.SelectMany(s => s.Counts.Select((count, i) => (Key: (s.Module.Name, s.Module.FirstSlot + i), Count: count))).ToDictionary(p => p.Key, p => p.Count);

        private static IEnumerable<(ModuleProbes Module, ClauseProbes Clause)> Clauses(AssemblyProbeTable table) =>
            table.Modules.SelectMany(m => m.Clauses.Select(c => (m, c)));
    }
}
