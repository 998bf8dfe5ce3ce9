using System;
using System.Linq;
using Fixtures.Woven;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// Code the compiler generates (lambdas, local functions, async and iterator state machines)
    /// belongs to the user method that holds it: no row names it, and the holder's call count is
    /// how often the user called it, not how often its state machine resumed.
    /// </summary>
    [TestClass]
    public sealed class AttributionTests
    {
        [TestMethod]
        [DataRow("Fixtures.Woven.Closures")]
        [DataRow("Fixtures.Woven.AsyncCode")]
        [DataRow("Fixtures.Woven.Iterators")]
        [DataRow("Fixtures.Woven.Resumptions")]
        public void FunctionRowsNameOnlyUserMethods(string module)
        {
            // Read-only: the Oracle fixtures' counts belong to OracleTests.
            var functions = Cover.Analyse(module, Analysis.Calls, Level.Function);

            Assert.IsNotEmpty(functions);
            var generated = functions.Where(f => f.Function!.IndexOfAny(new[] { '<', '>', '$', '|' }) >= 0).ToList();
            Assert.IsEmpty(generated, string.Join(", ", generated));
        }

        [TestMethod]
        public void NoModuleIsCompilerGenerated()
        {
            var generated = Cover.Modules().Where(m => m.IndexOf('<') >= 0 || m.Contains("DisplayClass", StringComparison.Ordinal)).ToList();

            Assert.IsEmpty(generated, string.Join(", ", generated));
        }

        [TestMethod]
        public void AsyncMethodCountsOneCallPerInvocationNotPerResumption()
        {
            const int Yields = 5;
            var before = ClauseCalls(nameof(Resumptions.YieldManyTimesAsync));

            var first = Resumptions.YieldManyTimesAsync(Yields).GetAwaiter().GetResult();
            var second = Resumptions.YieldManyTimesAsync(Yields).GetAwaiter().GetResult();

            Assert.AreEqual(Yields, first, "every await resumed");
            Assert.AreEqual(Yields, second);
            Assert.AreEqual(2L, ClauseCalls(nameof(Resumptions.YieldManyTimesAsync)) - before);
        }

        [TestMethod]
        public void IteratorMethodCountsOneCallPerInvocationNotPerElement()
        {
            var before = ClauseCalls(nameof(Resumptions.Count));

            var first = Resumptions.Count(4).Sum();
            var second = Resumptions.Count(4).Sum();

            Assert.AreEqual(10, first, "enumerated to the end");
            Assert.AreEqual(10, second);
            Assert.AreEqual(2L, ClauseCalls(nameof(Resumptions.Count)) - before);
        }

        private static long ClauseCalls(string function) =>
            Cover.Analyse(typeof(Resumptions), Analysis.Calls, Level.Clause).Single(r => r.Function == function).Calls;
    }
}
