namespace Fixtures.Woven
{
    public static class Basics
    {
        public static int Run()
        {
            var total = 0;                                              // hits 1
            for (var i = 0; i < 3; i++)                                 // hits 4
            {
                total += Square(i);                                     // hits 3
            }

            if (total > 100)                                            // hits 1
            {
                total = 0;                                              // hits 0
            }
            else
            {
                total += Overloads.Pick(1) + Overloads.Pick("a");       // hits 1
            }

            return total;                                               // hits 1
        }

        private static int Square(int x)
        {
            return x * x;                                               // hits 3
        }
    }

    public static class Overloads
    {
        public static int Pick(int value)
        {
            return value;                                               // hits 1
        }

        public static int Pick(string value)
        {
            return value.Length;                                        // hits 1
        }

        public static int Pick(object value)
        {
            return -1;                                                  // hits 0
        }
    }

    /// <summary>Never called: 0%, but present from the start.</summary>
    public static class NeverRun
    {
        public static int Idle(int x)
        {
            var y = x * 2;                                              // hits 0
            return y;                                                   // hits 0
        }
    }
}
