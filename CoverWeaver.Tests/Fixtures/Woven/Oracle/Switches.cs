using System;

namespace Fixtures.Woven
{
    public static class Switches
    {
        public static int Run()
        {
            var total = 0;                                              // hits 1
            foreach (var value in new object[] { 1, "two", 3.0, null, new Point(1, 2), new[] { 1, 2, 3 }, 42L }) // hits 8
            {
                total += Statement(value);                              // hits 7
                total += Expression(value);                             // hits 7
            }

            return total;                                               // hits 1
        }

        private static int Statement(object value)
        {
            switch (value)                                              // hits 7
            {
                case int i when i > 0:                                  // hits 1
                    return i;                                           // hits 1
                case string s:
                    return s.Length;                                    // hits 1
                case null:
                    return 0;                                           // hits 1
                case Point { X: 1 } p:
                    return p.Y;                                         // hits 1
                default:
                    return -1;                                          // hits 3
            }
        }

        private static int Expression(object value)
        {
            return value switch                                         // hits 7
            {
                int and > 0 and < 10 => 1,                              // hits 1
                string { Length: 3 } => 2,                              // hits 1
                double d when d is >= 3.0 or < -1 => 3,                 // hits 1
                null => 4,                                              // hits 1
                Point(var x, _) => 5 + x,                               // hits 1
                int[] and [1, .., var last] => last,                    // hits 1
                not (int or string) => 6,                               // hits 1
                _ => 7,                                                 // hits 0
            };
        }
    }

    public sealed record Point(int X, int Y);                           // hits 1
}
