namespace Fixtures.Woven
{
    /// <summary>
    /// Runs every construct once. Each executable line of this folder carries "// hits N": how
    /// often it runs in one call of RunAll. A line with no marker must not be executable.
    /// </summary>
    public static class Driver
    {
        public static int RunAll()
        {
            var total = Basics.Run();                                   // hits 1
            total += Closures.Run();                                    // hits 1
            total += AsyncCode.Run();                                   // hits 1
            total += Iterators.Run();                                   // hits 1
            total += Generics.Run();                                    // hits 1
            total += Exceptions.Run();                                  // hits 1
            total += Members.Run();                                     // hits 1
            total += Excluded.Run();                                    // hits 1
            total += Loops.Run();                                       // hits 1
            total += Switches.Run();                                    // hits 1
            total += Resources.Run();                                   // hits 1
            total += MoreClosures.Run();                                // hits 1
            total += MoreAsync.Run();                                   // hits 1
            total += Types.Run();                                       // hits 1
            return total;                                               // hits 1
        }
    }
}
