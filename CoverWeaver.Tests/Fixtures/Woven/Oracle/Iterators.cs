using System.Collections.Generic;

namespace Fixtures.Woven
{
    public static class Iterators
    {
        public static int Finished;

        public static int Run()
        {
            var sum = 0;                                                // hits 1
            foreach (var n in Numbers(3))                               // hits 4
            {
                sum += n;                                               // hits 3
            }

            return sum + Finished;                                      // hits 1
        }

        public static IEnumerable<int> Numbers(int n)
        {
            try
            {
                for (var i = 0; i < n; i++)                             // hits 4
                {
                    yield return i;                                     // hits 3
                }
            }
            finally
            {
                Finished++;                                             // hits 1
            }
        }
    }
}
