namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>How woven code records hits.</summary>
    public enum WeaveMode
    {
        /// <summary>Exact counts: each thread bumps 64-bit counters of its own, summed when read. Erlang's calls analysis works.</summary>
        Count,

        /// <summary>One byte per probe set when it runs: the cheapest probe; calls read 0 or 1.</summary>
        Set,
    }
}
