using System.Collections.Generic;
using System.Linq;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Names of the woven fixture modules the runtime tests may count on (never the Oracle ones,
    /// whose counts another test checks), and their counts as the public API reports them.
    /// </summary>
    internal static class WovenModules
    {
        public const string ConcurrencyName = "Fixtures.Woven.Concurrency";
        public const string TallyName = "Fixtures.Woven.Tally";
        public const string HolderName = "Fixtures.Woven.Holder`1";

        public static string ConcurrencySource => RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", "Woven", "Special", "Concurrency.cs");

        /// <summary>Each executable line of a one-file module with how often it ran.</summary>
        public static Dictionary<int, long> LineCalls(string module)
        {
            return Cover.Analyse(module, Analysis.Calls, Level.Line).ToDictionary(row => row.Line, row => row.Calls);
        }

        /// <summary>How often each clause was entered, keyed as Erlang prints it.</summary>
        public static Dictionary<string, long> ClauseCalls(string module)
        {
            return Cover.Analyse(module, Analysis.Calls, Level.Clause).ToDictionary(row => $"{row.Function}/{row.Arity}#{row.Clause}", row => row.Calls);
        }
    }
}
