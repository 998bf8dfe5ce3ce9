using System;
using System.Collections.Generic;

namespace Fixtures.Woven
{
    public static class MoreClosures
    {
        public static int Run()
        {
            var actions = new List<Func<int>>();                        // hits 1
            for (var i = 0; i < 3; i++)                                 // hits 4
            {
                var copy = i;                                           // hits 3
                actions.Add(() => copy * 10);                           // hits 3
            }

            foreach (var item in new[] { 1, 2 })                        // hits 3
            {
                actions.Add(() =>                                       // hits 2
                {
                    return item;                                        // hits 2
                });
            }

            var total = 0;                                              // hits 1
            foreach (var action in actions)                             // hits 6
            {
                total += action();                                      // hits 5
            }

            return total + Twice(3) + Outer();                          // hits 1

            static int Twice(int x)
            {
                return x * 2;                                           // hits 1
            }
        }

        private static int Outer()
        {
            var a = 1;                                                  // hits 1
            int Inner(int b)
            {
                int Innermost(int c) => a + b + c;                      // hits 2
                return Innermost(1) + Innermost(2);                     // hits 1
            }

            Func<int, Func<int, int>> curry = x => y => x + y + a;      // hits 1
            return Inner(5) + curry(1)(2);                              // hits 1
        }
    }
}
