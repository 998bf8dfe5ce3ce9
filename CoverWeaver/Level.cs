namespace CoverWeaver
{
    /// <summary>The granularity of an analysis, as in Erlang's <c>cover:analyse/3</c>.</summary>
    public enum Level
    {
        /// <summary>One row per module (a declared type).</summary>
        Module,

        /// <summary>One row per function: a method name and arity; its overloads of that arity are its clauses.</summary>
        Function,

        /// <summary>One row per method: a clause of its function, numbered from 1 in source order.</summary>
        Clause,

        /// <summary>One row per executable source line.</summary>
        Line,
    }
}
