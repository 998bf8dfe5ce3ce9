extern alias runtime;

using System;
using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
using runtime::CoverWeaver.Model;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Analyses
{
    /// <summary>
    /// The analysis rules on a hand-built module whose every count is known, so each level can be
    /// worked out on paper (see <see cref="Sample"/>) rather than read back from the code.
    /// </summary>
    [TestClass]
    public sealed class AnalyserTests
    {
        [TestMethod]
        public void ModuleLevelSumsItsFunctions()
        {
            var coverage = Analyser.Analyse(Sample(), Analysis.Coverage, Level.Module);
            var calls = Analyser.Analyse(Sample(), Analysis.Calls, Level.Module);

            Assert.HasCount(1, coverage);
            // F/1 {2,1} + G/0 {1,2}; calls are method entries: 2 + 0 + 1.
            Assert.AreEqual("{M,{3,3}}", coverage[0].ToString());
            Assert.AreEqual("{M,3}", calls[0].ToString());
            Assert.AreEqual("M", calls[0].Module);
            Assert.IsNull(calls[0].Function);
        }

        [TestMethod]
        public void FunctionLevelSumsClausesOfOneNameAndArityInOrderOfFirstClause()
        {
            var coverage = Analyser.Analyse(Sample(), Analysis.Coverage, Level.Function);
            var calls = Analyser.Analyse(Sample(), Analysis.Calls, Level.Function);

            // F's second clause comes after G in source, but F is placed by its first clause.
            CollectionAssert.AreEqual(new[] { "{{M,F,1},{2,1}}", "{{M,G,0},{1,2}}" }, Strings(coverage));
            CollectionAssert.AreEqual(new[] { "{{M,F,1},2}", "{{M,G,0},1}" }, Strings(calls));
            Assert.IsTrue(coverage.All(row => row.Clause == 0 && row.Line == 0 && row.File == null));
        }

        [TestMethod]
        public void ClauseLevelCountsDistinctLinesAndEntries()
        {
            var coverage = Analyser.Analyse(Sample(), Analysis.Coverage, Level.Clause);
            var calls = Analyser.Analyse(Sample(), Analysis.Calls, Level.Clause);

            // F#1: line 10 (two points, 3 and 7) counts once; line 40 ran 4 times in F's own point.
            // G#1: a.cs:5 ran; line 40's point in G and line 49 did not.
            // F#2: was never entered; its one line 30 did not run.
            CollectionAssert.AreEqual(new[] { "{{M,F,1,1},{2,0}}", "{{M,G,0,1},{1,2}}", "{{M,F,1,2},{0,1}}" }, Strings(coverage));
            CollectionAssert.AreEqual(new[] { "{{M,F,1,1},2}", "{{M,G,0,1},1}", "{{M,F,1,2},0}" }, Strings(calls));
        }

        [TestMethod]
        public void LineLevelTakesTheMostRunPointOfALineAndOrdersByFileThenLine()
        {
            var calls = Analyser.Analyse(Sample(), Analysis.Calls, Level.Line);
            var coverage = Analyser.Analyse(Sample(), Analysis.Coverage, Level.Line);

            // a.cs sorts before z.cs although it is the table's second document.
            CollectionAssert.AreEqual(new[] { "/src/a.cs:5", "/src/z.cs:10", "/src/z.cs:30", "/src/z.cs:40", "/src/z.cs:49" },
                calls.Select(row => row.File + ":" + row.Line).ToList());
            // Line 10: max(3, 7). Line 40: max(F's 4, G's 0), and one row although two methods share it.
            CollectionAssert.AreEqual(new[] { "{{M,5},1}", "{{M,10},7}", "{{M,30},0}", "{{M,40},4}", "{{M,49},0}" }, Strings(calls));
            CollectionAssert.AreEqual(new[] { "{{M,5},{1,0}}", "{{M,10},{1,0}}", "{{M,30},{0,1}}", "{{M,40},{1,0}}", "{{M,49},{0,1}}" }, Strings(coverage));
        }

        [TestMethod]
        public void LineRowsNameTheFunctionOfTheFirstClauseHoldingTheLine()
        {
            var rows = Analyser.Analyse(Sample(), Analysis.Calls, Level.Line);

            CollectionAssert.AreEqual(new[] { "G/0", "F/1", "F/1", "F/1", "G/0" }, rows.Select(row => row.Function + "/" + row.Arity).ToList());
        }

        [TestMethod]
        public void EveryRowCarriesBothAnalysesWhicheverWasAsked()
        {
            foreach (var level in new[] { Level.Module, Level.Function, Level.Clause, Level.Line })
            {
                var coverage = Analyser.Analyse(Sample(), Analysis.Coverage, level);
                var calls = Analyser.Analyse(Sample(), Analysis.Calls, level);

                Assert.HasCount(calls.Count, coverage, level.ToString());
                for (var i = 0; i < calls.Count; i++)
                {
                    Assert.AreEqual(Analysis.Coverage, coverage[i].Analysis);
                    Assert.AreEqual(Analysis.Calls, calls[i].Analysis);
                    Assert.AreEqual(level, calls[i].Level);
                    Assert.AreEqual((calls[i].Covered, calls[i].NotCovered, calls[i].Calls), (coverage[i].Covered, coverage[i].NotCovered, coverage[i].Calls), $"{level} row {i}");
                }
            }
        }

        [TestMethod]
        public void AllLevelsAgreeOnTotals()
        {
            var clauses = Analyser.Analyse(Sample(), Analysis.Coverage, Level.Clause);
            var functions = Analyser.Analyse(Sample(), Analysis.Coverage, Level.Function);
            var module = Analyser.Analyse(Sample(), Analysis.Coverage, Level.Module).Single();

            Assert.AreEqual((module.Covered, module.NotCovered, module.Calls), (clauses.Sum(r => r.Covered), clauses.Sum(r => r.NotCovered), clauses.Sum(r => r.Calls)));
            Assert.AreEqual((module.Covered, module.NotCovered, module.Calls), (functions.Sum(r => r.Covered), functions.Sum(r => r.NotCovered), functions.Sum(r => r.Calls)));
        }

        [TestMethod]
        public void CountsOfTheWrongSizeAreRefused()
        {
            var module = SampleModule();

            var e = Assert.ThrowsExactly<ArgumentException>(() => new ModuleSnapshot(Table(), module, new long[module.SlotCount - 1]));
            StringAssert.Contains(e.Message, "M has 10 slots");
        }

        private static readonly string[] Documents = { "/src/z.cs", "/src/a.cs" };

        /// <summary>
        /// Module M, slots 5..14 (not starting at 0, so slot offsets matter), in source order:
        /// <code>
        /// F/1 clause 1, entered 2x: z.cs:10 two points (3, 7); z.cs:40 (4)
        /// G/0 clause 1, entered 1x: a.cs:5 (1); z.cs:40 (0, shared with F); z.cs:49 (0)
        /// F/1 clause 2, entered 0x: z.cs:30 (0)
        /// </code>
        /// </summary>
        [TestMethod]
        public void AFieldInitializerLineCountsEveryConstructorsCopyOfIt()
        {
            // `int _x = 1;` on line 3 is copied into both constructors; 3 calls of one and 2 of the
            // other ran it 5 times. Line 8 is shared by two ordinary methods: its most-run wins.
            var module = new ModuleProbes { Name = "C", Fingerprint = 1, FirstSlot = 0, SlotCount = 4 };
            var first = new ClauseProbes { Function = ".ctor", Arity = 0, Clause = 1, EntrySlot = 0 };
            first.Lines.Add(new LineProbe(0, 3, 0));
            var second = new ClauseProbes { Function = ".ctor", Arity = 1, Clause = 1, EntrySlot = 1 };
            second.Lines.Add(new LineProbe(0, 3, 1));
            var get = new ClauseProbes { Function = "get_X", Arity = 0, Clause = 1, EntrySlot = 2 };
            get.Lines.Add(new LineProbe(0, 8, 2));
            var set = new ClauseProbes { Function = "set_X", Arity = 1, Clause = 1, EntrySlot = 3 };
            set.Lines.Add(new LineProbe(0, 8, 3));
            module.Clauses.AddRange(new[] { first, second, get, set });

            var rows = Analyser.Analyse(new ModuleSnapshot(Table(), module, new long[] { 3, 2, 4, 1 }), Analysis.Calls, Level.Line);

            CollectionAssert.AreEqual(new[] { "{C,3},5", "{C,8},4" }, rows.Select(r => $"{{C,{r.Line}}},{r.Calls}").ToArray());
        }

        [TestMethod]
        public void InSetModeACopiedLineStillCountsOne()
        {
            var module = new ModuleProbes { Name = "C", Fingerprint = 1, FirstSlot = 0, SlotCount = 2 };
            var first = new ClauseProbes { Function = ".ctor", Arity = 0, Clause = 1, EntrySlot = 0 };
            first.Lines.Add(new LineProbe(0, 3, 0));
            var second = new ClauseProbes { Function = ".ctor", Arity = 1, Clause = 1, EntrySlot = 1 };
            second.Lines.Add(new LineProbe(0, 3, 1));
            module.Clauses.AddRange(new[] { first, second });

            var rows = Analyser.Analyse(new ModuleSnapshot(Table(CountingMode.Set), module, new long[] { 1, 1 }), Analysis.Calls, Level.Line);

            Assert.AreEqual(1L, rows.Single().Calls);
        }

        [TestMethod]
        public void DistinctCoverageCountsALineSharedByTwoClausesOnce()
        {
            // Erlang's module analysis counts z.cs:40 in F and in G; a person's figure counts it once.
            var module = Analyser.Analyse(Sample(), Analysis.Coverage, Level.Module).Single();
            var distinct = Sample().DistinctCoverage();

            Assert.AreEqual((module.Covered, module.NotCovered - 1), distinct);
        }

        private static AssemblyProbeTable Table(CountingMode mode = CountingMode.Count)
        {
            var table = new AssemblyProbeTable { AssemblyName = "A", Mode = mode };
            table.Documents.AddRange(Documents);
            return table;
        }

        private static ModuleSnapshot Sample()
        {
            var counts = new long[10];
            void Set(int slot, long count) => counts[slot - 5] = count;
            Set(5, 2);
            Set(6, 3);
            Set(7, 7);
            Set(8, 4);
            Set(9, 1);
            Set(10, 1);
            Set(11, 0);
            Set(12, 0);
            Set(13, 0);
            Set(14, 0);
            return new ModuleSnapshot(Table(), SampleModule(), counts);
        }

        private static ModuleProbes SampleModule()
        {
            var module = new ModuleProbes { Name = "M", Fingerprint = 42, FirstSlot = 5, SlotCount = 10 };
            var f1 = new ClauseProbes { Function = "F", Arity = 1, Clause = 1, EntrySlot = 5 };
            f1.Lines.Add(new LineProbe(0, 10, 6));
            f1.Lines.Add(new LineProbe(0, 10, 7));
            f1.Lines.Add(new LineProbe(0, 40, 8));
            var g = new ClauseProbes { Function = "G", Arity = 0, Clause = 1, EntrySlot = 9 };
            g.Lines.Add(new LineProbe(1, 5, 10));
            g.Lines.Add(new LineProbe(0, 40, 11));
            g.Lines.Add(new LineProbe(0, 49, 12));
            var f2 = new ClauseProbes { Function = "F", Arity = 1, Clause = 2, EntrySlot = 13 };
            f2.Lines.Add(new LineProbe(0, 30, 14));
            module.Clauses.Add(f1);
            module.Clauses.Add(g);
            module.Clauses.Add(f2);
            return module;
        }

        private static List<string> Strings(IEnumerable<CoverRow> rows) => rows.Select(row => row.ToString()).ToList();
    }
}
