using System;

namespace ToolApp
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            var total = 0; // hits 1
            for (var i = 0; i < 3; i++) // hits 4
            {
                total += Square(i); // hits 3
            }

            if (total > 100) // hits 1
            {
                Console.WriteLine("never"); // hits 0
            }

            Console.WriteLine("total " + total); // hits 1
            return 0; // hits 1
        }

        private static int Square(int x)
        {
            return x * x; // hits 3
        }
    }
}
