using System;
using System.Linq;
using System.Threading.Tasks;
using CoverWeaver.Tests.Support;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static CoverWeaver.Tests.Support.WovenModules;

namespace CoverWeaver.Tests.Analyses
{
    /// <summary>Naming modules through the public API, and counting exactly on real woven code.</summary>
    [TestClass]
    public sealed class CoverApiTests
    {
        [TestMethod]
        public void AnUnknownModuleIsRefusedByName()
        {
            var e = Assert.ThrowsExactly<ArgumentException>(() => Cover.Analyse("No.Such.Module", Analysis.Coverage, Level.Module));

            StringAssert.Contains(e.Message, "No.Such.Module");
            Assert.AreEqual("module", e.ParamName);
            Assert.IsFalse(Cover.IsCompiled("No.Such.Module"));
            Assert.ThrowsExactly<ArgumentException>(() => Cover.Reset("No.Such.Module"));
            Assert.ThrowsExactly<ArgumentException>(() => Cover.AnalyseToFile("No.Such.Module"));
        }

        [TestMethod]
        public void WovenModulesAreListedInOrdinalOrder()
        {
            var modules = Cover.Modules();

            // Names as Type.FullName prints them, generic arity suffix included.
            foreach (var module in new[] { ConcurrencyName, TallyName, HolderName })
            {
                CollectionAssert.Contains(modules.ToList(), module);
                Assert.IsTrue(Cover.IsCompiled(module), module);
            }

            CollectionAssert.AreEqual(modules.OrderBy(m => m, StringComparer.Ordinal).ToList(), modules.ToList());
        }

        [TestMethod]
        public void AnalyseByTypeIsAnalyseByItsFullName()
        {
            Tally.Twice(21);

            var byType = Cover.Analyse(typeof(Tally), Analysis.Calls, Level.Line).Select(row => row.ToString()).ToList();
            var byName = Cover.Analyse(TallyName, Analysis.Calls, Level.Line).Select(row => row.ToString()).ToList();

            CollectionAssert.AreEqual(byName, byType);
            Assert.IsTrue(byType.Count > 0);
        }

        [TestMethod]
        public void EveryConstructedFormOfAGenericTypeCountsInItsDefinitionsModule()
        {
            var before = ClauseCalls(HolderName);

            _ = new Holder<int>(1).Get();
            _ = new Holder<string>("two").Get();
            _ = new Holder<string>("three");

            var byConstructed = Cover.Analyse(typeof(Holder<string>), Analysis.Calls, Level.Clause);
            var byDefinition = Cover.Analyse(typeof(Holder<>), Analysis.Calls, Level.Clause);
            Assert.AreEqual(HolderName, byConstructed[0].Module);
            CollectionAssert.AreEqual(byDefinition.Select(r => r.ToString()).ToList(), byConstructed.Select(r => r.ToString()).ToList());
            var after = ClauseCalls(HolderName);
            Assert.AreEqual(3, after[".ctor/1#1"] - before[".ctor/1#1"], "three constructions over two instantiations");
            Assert.AreEqual(2, after["Get/0#1"] - before["Get/0#1"]);
        }

        [TestMethod]
        public void HitsFromManyThreadsAtOnceAreAllCounted()
        {
            const int Threads = 4;
            const int Iterations = 200_000;
            var bodyLine = SourceMarkers.LineOf(ConcurrencySource, "total += i;");
            var before = LineCalls(ConcurrencyName)[bodyLine];
            var entriesBefore = ClauseCalls(ConcurrencyName)["Spin/1#1"];

            using var start = new System.Threading.Barrier(Threads);
            var tasks = Enumerable.Range(0, Threads)
                .Select(_ => Task.Factory.StartNew(() => { start.SignalAndWait(); return Concurrency.Spin(Iterations); }, TaskCreationOptions.LongRunning))
                .ToArray();
            Task.WaitAll(tasks);

            Assert.AreEqual((long)Iterations * (Iterations - 1) / 2, tasks[0].Result, "the woven code still computes its result");
            Assert.AreEqual((long)Threads * Iterations, LineCalls(ConcurrencyName)[bodyLine] - before, "no hit lost to a race");
            Assert.AreEqual(Threads, ClauseCalls(ConcurrencyName)["Spin/1#1"] - entriesBefore);
        }
    }
}
