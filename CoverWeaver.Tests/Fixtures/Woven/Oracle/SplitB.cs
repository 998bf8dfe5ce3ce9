namespace Fixtures.Woven
{
    public sealed partial class Split
    {
        public int Right()
        {
            return 2;                                                   // hits 1
        }
    }
}
