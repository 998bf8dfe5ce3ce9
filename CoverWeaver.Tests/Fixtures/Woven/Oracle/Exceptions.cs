using System;

namespace Fixtures.Woven
{
    public static class Exceptions
    {
        public static int Run()
        {
            try
            {
                Throw(0);                                               // hits 1
                return -1;                                              // hits 0
            }
            catch (InvalidOperationException e) when (e.Message == "boom") // hits 1
            {
                return 1;                                               // hits 1
            }
            finally
            {
                Cleanups++;                                             // hits 1
            }
        }

        public static int Cleanups;

        public static void Throw(int x)
        {
            if (x == 0)                                                 // hits 1
            {
                throw new InvalidOperationException("boom");            // hits 1
            }

            Console.WriteLine("never");                                 // hits 0
        }
    }
}
