namespace Fixtures.Woven
{
    /// <summary>One type across two files: one module, its lines in both.</summary>
    public sealed partial class Split
    {
        public int Left()
        {
            return 1;                                                   // hits 1
        }
    }
}
