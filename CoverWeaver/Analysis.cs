namespace CoverWeaver
{
    /// <summary>What an analysis measures, as Erlang's <c>cover:analyse/3</c> does.</summary>
    public enum Analysis
    {
        /// <summary>How many executable lines ran at least once, and how many did not: <c>{Cov,NotCov}</c>.</summary>
        Coverage,

        /// <summary>How many times things ran: lines executed, methods entered.</summary>
        Calls,
    }
}
