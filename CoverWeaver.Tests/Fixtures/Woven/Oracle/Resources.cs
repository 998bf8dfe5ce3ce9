using System;
using System.Threading;
using System.Threading.Tasks;

namespace Fixtures.Woven
{
    public static class Resources
    {
        private static readonly object Gate = new object();            // hits 1

        public static int Run()
        {
            var total = 0;                                              // hits 1
            using (var first = new Resource())                          // hits 1
            {
                total += first.Value;                                   // hits 1
            }

            using var second = new Resource();                          // hits 1
            lock (Gate)                                                 // hits 1
            {
                total += second.Value;                                  // hits 1
            }

            total += DisposeAsync().GetAwaiter().GetResult();           // hits 1
            total += Jumps(3);                                          // hits 1
            total += Overflow();                                        // hits 1
            return total;                                               // hits 1
        }

        private static async Task<int> DisposeAsync()
        {
            await using (var resource = new AsyncResource())           // hits 1
            {
                return resource.Value;                                  // hits 1
            }
        }

        private static int Jumps(int n)
        {
            var i = 0;                                                  // hits 1
        again:
            i++;                                                        // hits 3
            if (i < n)                                                  // hits 3
            {
                goto again;
            }

            return i;                                                   // hits 1
        }

        private static int Overflow()
        {
            try
            {
                var big = int.MaxValue;                                 // hits 1
                var sum = checked(big + 1);                             // hits 1
                return sum;                                             // hits 0
            }
            catch (OverflowException)                                   // hits 1
            {
                return 1;                                               // hits 1
            }
        }

        private sealed class Resource : IDisposable
        {
            public int Value => 1;                                      // hits 2

            public void Dispose()
            {
                Disposed++;                                             // hits 2
            }
        }

        private sealed class AsyncResource : IAsyncDisposable
        {
            public int Value => 2;                                      // hits 1

            public ValueTask DisposeAsync()
            {
                Disposed++;                                             // hits 1
                return default;                                         // hits 1
            }
        }

        public static int Disposed;
    }
}
