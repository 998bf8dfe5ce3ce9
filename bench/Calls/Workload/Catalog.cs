using System;
using System.Collections.Generic;
using CoverWeaver.Bench.Calls.Hot;

namespace CoverWeaver.Bench.Calls
{
    /// <summary>
    /// The workloads in table order, inputs made here (outside any timing). The harness finds this
    /// class by name in each variant's assembly; in the "cold" variant it is the only woven code.
    /// </summary>
    public static class Catalog
    {
        /// <summary>
        /// Each workload's name, how many passes make one timed run (about 10 ms uninstrumented), and
        /// one pass (safe to run on several threads at once). Inputs are small enough to stay in a
        /// core's own cache, so a run measures calls, not where the inputs happened to land in memory.
        /// </summary>
        public static IReadOnlyList<(string Name, int Passes, Func<long> Pass)> Create()
        {
            return new (string, int, Func<long>)[]
            {
                ("records", 1_200, new Payments(2_000).Pass),
                ("record-struct-switch", 200, new Pricing(8_000).Pass),
                ("linq", 200, new SalesReport(1_000).Pass),
                ("recursion", 450, new Recursion(12).Pass),
                ("virtual-overrides", 800, new Shapes(4_000).Pass),
                ("dictionary-counting", 120, new WordCount(8_000).Pass),
                ("tokenizer", 150, new Tokenizer(400).Pass),
            };
        }
    }
}
