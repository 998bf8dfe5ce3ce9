using System.Threading.Tasks;

namespace Fixtures.Woven
{
    public static class AsyncCode
    {
        public static int Run()
        {
            return ComputeAsync(3).GetAwaiter().GetResult();            // hits 1
        }

        public static async Task<int> ComputeAsync(int n)
        {
            var total = 0;                                              // hits 1
            for (var i = 0; i < n; i++)                                 // hits 4
            {
                await Task.Yield();                                     // hits 3
                total += i;                                             // hits 3
            }

            return total;                                               // hits 1
        }
    }
}
