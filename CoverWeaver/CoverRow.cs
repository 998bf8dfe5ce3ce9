using System.Globalization;

namespace CoverWeaver
{
    /// <summary>
    /// One result of an analysis. Coverage and calls are both filled whatever was asked;
    /// <see cref="ToString"/> prints the Erlang form of the analysis that was asked for.
    /// </summary>
    public sealed class CoverRow
    {
        internal CoverRow(Analysis analysis, Level level, string module, string assembly, Counting counting)
        {
            Analysis = analysis;
            Level = level;
            Module = module;
            Assembly = assembly;
            Counting = counting;
        }

        /// <summary>
        /// How the module was woven: with <see cref="CoverWeaver.Counting.Set"/>, <see cref="Calls"/> only says whether
        /// something ran (0 or 1 at line and clause level; a function or module sums those).
        /// </summary>
        public Counting Counting { get; }

        /// <summary>The analysis this row was made for; it decides what <see cref="ToString"/> prints.</summary>
        public Analysis Analysis { get; }

        /// <summary>The level this row was made for.</summary>
        public Level Level { get; }

        /// <summary>The module: the declared type's name as <c>Type.FullName</c> prints it.</summary>
        public string Module { get; }

        /// <summary>
        /// The simple name of the woven assembly that declares the module: two assemblies may each
        /// declare a type of the same name, and they are two modules.
        /// </summary>
        public string Assembly { get; }

        /// <summary>The method's metadata name (<c>.ctor</c>, <c>get_Count</c>); null at module level.</summary>
        public string? Function { get; internal set; }

        /// <summary>The function's number of declared parameters; 0 at module level.</summary>
        public int Arity { get; internal set; }

        /// <summary>The clause's 1-based position among its function's overloads in source order; 0 except at clause level.</summary>
        public int Clause { get; internal set; }

        /// <summary>The source file of the line; set at line level only.</summary>
        public string? File { get; internal set; }

        /// <summary>The source line; 0 except at line level.</summary>
        public int Line { get; internal set; }

        /// <summary>Executable lines that ran at least once.</summary>
        public int Covered { get; internal set; }

        /// <summary>Executable lines that never ran.</summary>
        public int NotCovered { get; internal set; }

        /// <summary>
        /// At line level, the times the line ran; at clause level, the times the method was entered;
        /// a function sums its clauses and a module its functions.
        /// </summary>
        public long Calls { get; internal set; }

        /// <summary>The Erlang form, e.g. <c>{{Ns.Channel,Alloc,1,2},{0,1}}</c> or <c>{Ns.Channel,12}</c>.</summary>
        public override string ToString()
        {
            string key;
            switch (Level)
            {
                case Level.Module:
                    key = Module;
                    break;
                case Level.Function:
                    key = "{" + Module + "," + Function + "," + Arity.ToString(CultureInfo.InvariantCulture) + "}";
                    break;
                case Level.Clause:
                    key = "{" + Module + "," + Function + "," + Arity.ToString(CultureInfo.InvariantCulture) + "," +
                          Clause.ToString(CultureInfo.InvariantCulture) + "}";
                    break;
                default:
                    key = "{" + Module + "," + Line.ToString(CultureInfo.InvariantCulture) + "}";
                    break;
            }

            var value = Analysis == Analysis.Coverage
                ? "{" + Covered.ToString(CultureInfo.InvariantCulture) + "," + NotCovered.ToString(CultureInfo.InvariantCulture) + "}"
                : Calls.ToString(CultureInfo.InvariantCulture);
            return "{" + key + "," + value + "}";
        }
    }
}
