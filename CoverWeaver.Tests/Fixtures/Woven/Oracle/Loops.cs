using System;
using System.Collections;
using System.Collections.Generic;

namespace Fixtures.Woven
{
    public static class Loops
    {
        public static int Run()
        {
            var total = 0;                                              // hits 1
            foreach (var x in new[] { 1, 2, 3 })                        // hits 4
            {
                total += x;                                             // hits 3
            }

            foreach (var x in new List<int> { 4, 5 })                   // hits 3
            {
                total += x;                                             // hits 2
            }

            Span<int> span = stackalloc int[] { 6, 7 };                 // hits 1
            foreach (var x in span)                                     // hits 3
            {
                total += x;                                             // hits 2
            }

            foreach (var x in new Countdown(2))                         // hits 3
            {
                total += x;                                             // hits 2
            }

            var n = 0;                                                  // hits 1
            while (n < 3)                                               // hits 4
            {
                n++;                                                    // hits 3
            }

            do
            {
                n--;                                                    // hits 3
            }
            while (n > 0);                                              // hits 3

            for (var i = 0; i < 10; i++)                                // hits 3
            {
                if (i == 1)                                             // hits 3
                {
                    continue;
                }

                if (i == 2)                                             // hits 2
                {
                    break;
                }

                total++;                                                // hits 1
            }

            return total;                                               // hits 1
        }
    }

    /// <summary>A hand-written enumerator: foreach binds to its pattern, not to an interface.</summary>
    public readonly struct Countdown
    {
        private readonly int _from;

        public Countdown(int from)
        {
            _from = from;                                               // hits 1
        }

        public Enumerator GetEnumerator()
        {
            return new Enumerator(_from);                               // hits 1
        }

        public struct Enumerator
        {
            private int _current;

            public Enumerator(int from)
            {
                _current = from + 1;                                    // hits 1
            }

            public int Current => _current;                             // hits 2

            public bool MoveNext()
            {
                _current--;                                             // hits 3
                return _current > 0;                                    // hits 3
            }
        }
    }
}
