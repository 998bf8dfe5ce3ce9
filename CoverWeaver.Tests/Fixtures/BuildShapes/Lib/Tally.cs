namespace Shapes
{
    /// <summary>A library built in many ways (multi-targeted, deterministic, published); App/Program.cs runs it once.</summary>
    public static class Tally
    {
        public static int Sum(int n)
        {
            var total = 0; // hits 1
            for (var i = 1; i <= n; i++) // hits 4
            {
                total += i; // hits 3
            }

            return total; // hits 1
        }

        internal static string Secret()
        {
            return "seen through InternalsVisibleTo"; // hits 1
        }

        public static string Never()
        {
            return "never called"; // hits 0
        }
    }
}
