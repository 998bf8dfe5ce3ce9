namespace CoverWeaver
{
    /// <summary>How a module's woven code records hits, which decides what <see cref="CoverRow.Calls"/> can say.</summary>
    public enum Counting
    {
        /// <summary>Exact counts: calls say how many times.</summary>
        Count,

        /// <summary>Built with <c>-p:CoverWeaveMode=set</c>: a line or method only records that it ran, so calls are 0 or 1. Coverage is exact.</summary>
        Set,
    }
}
