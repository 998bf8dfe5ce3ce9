using System.Collections.Generic;
using System.Threading.Tasks;

namespace Fixtures.Woven
{
    /// <summary>
    /// State machines whose MoveNext runs many times per call: the method's entry count must
    /// still grow by one per call. Not part of the Driver.
    /// </summary>
    public static class Resumptions
    {
        public static async Task<int> YieldManyTimesAsync(int times)
        {
            var resumed = 0;
            for (var i = 0; i < times; i++)
            {
                await Task.Yield();
                resumed++;
            }

            return resumed;
        }

        public static IEnumerable<int> Count(int n)
        {
            for (var i = 1; i <= n; i++)
            {
                yield return i;
            }
        }
    }
}
