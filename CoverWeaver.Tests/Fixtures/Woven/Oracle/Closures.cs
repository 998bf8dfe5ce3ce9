using System;
using System.Linq;

namespace Fixtures.Woven
{
    public static class Closures
    {
        public static int Run()
        {
            var factor = 2;                                             // hits 1
            Func<int, int> scale = x =>                                 // hits 1
            {
                return x * factor;                                      // hits 3
            };
            var sum = new[] { 1, 2, 3 }.Select(scale).Sum();            // hits 1
            int Local(int y) => y + factor;                             // hits 2
            return sum + Local(1) + Local(2) + Static();                // hits 1
        }

        private static int Static()
        {
            return new[] { 1, 2 }.Where(n =>                            // hits 1
                n > 1)                                                  // hits 2
                .Count();
        }
    }
}
