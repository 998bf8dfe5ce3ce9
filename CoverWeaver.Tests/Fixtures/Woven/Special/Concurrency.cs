using System.Threading;

namespace Fixtures.Woven
{
    /// <summary>Run by several threads at once; not part of the Driver.</summary>
    public static class Concurrency
    {
        public static long Spin(int iterations)
        {
            long total = 0;
            for (var i = 0; i < iterations; i++)
            {
                total += i;
            }

            return total;
        }

        public static int Fail()
        {
            var x = 1;
            throw new System.InvalidOperationException("line " + x);    // throws here
        }
    }
}
