using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Fixtures.Woven
{
    public static class MoreAsync
    {
        public static int Run()
        {
            var total = ValueTaskAsync(2).AsTask().GetAwaiter().GetResult(); // hits 1
            total += ConfiguredAsync().GetAwaiter().GetResult();        // hits 1
            total += CatchAcrossAwaitAsync().GetAwaiter().GetResult();  // hits 1
            total += StreamAsync().GetAwaiter().GetResult();            // hits 1
            VoidReturningAsync();                                       // hits 1
            return total;                                               // hits 1
        }

        private static async ValueTask<int> ValueTaskAsync(int x)
        {
            await Task.Delay(1);                                        // hits 1
            return x;                                                   // hits 1
        }

        private static async Task<int> ConfiguredAsync()
        {
            await Task.Yield();                                         // hits 1
            var r = await Task.FromResult(3).ConfigureAwait(false);     // hits 1
            return r;                                                   // hits 1
        }

        private static async Task<int> CatchAcrossAwaitAsync()
        {
            try
            {
                await ThrowLaterAsync();                                // hits 1
                return -1;                                              // hits 0
            }
            catch (InvalidOperationException)                           // hits 1
            {
                await Task.Yield();                                     // hits 1
                return 4;                                               // hits 1
            }
        }

        private static async Task ThrowLaterAsync()
        {
            await Task.Yield();                                         // hits 1
            throw new InvalidOperationException("later");              // hits 1
        }

        private static async Task<int> StreamAsync()
        {
            var sum = 0;                                                // hits 1
            await foreach (var n in CountAsync(3))                      // hits 4
            {
                sum += n;                                               // hits 3
            }

            return sum;                                                 // hits 1
        }

        private static async IAsyncEnumerable<int> CountAsync(int n)
        {
            for (var i = 1; i <= n; i++)                                // hits 4
            {
                await Task.Yield();                                     // hits 3
                yield return i;                                         // hits 3
            }
        }

        private static async void VoidReturningAsync()
        {
            Ran++;                                                      // hits 1
            await Task.CompletedTask;                                   // hits 1
        }

        public static int Ran;
    }
}
