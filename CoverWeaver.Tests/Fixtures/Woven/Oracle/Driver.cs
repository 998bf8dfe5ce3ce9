namespace Fixtures.Woven
{
    /// <summary>
    /// Runs every construct once. Each executable line of this folder carries "// hits N": how
    /// often it runs in one call of RunAll. A line with no marker must not be executable.
    /// </summary>
    public static class Driver
    {
        public static string RunAll()
        {
            var results = new System.Collections.Generic.List<string>();   // hits 1
            results.Add("Basics=" + Basics.Run());                      // hits 1
            results.Add("Closures=" + Closures.Run());                  // hits 1
            results.Add("AsyncCode=" + AsyncCode.Run());                // hits 1
            results.Add("Iterators=" + Iterators.Run());                // hits 1
            results.Add("Generics=" + Generics.Run());                  // hits 1
            results.Add("Exceptions=" + Exceptions.Run());              // hits 1
            results.Add("Members=" + Members.Run());                    // hits 1
            results.Add("Excluded=" + Excluded.Run());                  // hits 1
            results.Add("Loops=" + Loops.Run());                        // hits 1
            results.Add("Switches=" + Switches.Run());                  // hits 1
            results.Add("Resources=" + Resources.Run());                // hits 1
            results.Add("MoreClosures=" + MoreClosures.Run());          // hits 1
            results.Add("MoreAsync=" + MoreAsync.Run());                // hits 1
            results.Add("Types=" + Types.Run());                        // hits 1
            results.Add("Advanced=" + Advanced.Run());                  // hits 1
            return string.Join(";", results);                           // hits 1
        }
    }
}
