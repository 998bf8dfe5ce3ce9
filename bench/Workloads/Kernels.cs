using System;

namespace CoverWeaver.Bench.Workloads
{
    /// <summary>Loop-heavy kernels: the worst case for per-line probes, since every line is cheap and runs often.</summary>
    public static class Kernels
    {
        /// <summary>One pass over all kernels; the result keeps the JIT from dropping work.</summary>
        public static long Run()
        {
            long result = Sieve(1_000_000);
            result += MatMul(80);
            result += Collatz(150_000);
            result += Checksum(200_000);
            return result;
        }

        public static int Sieve(int limit)
        {
            var composite = new bool[limit + 1];
            var primes = 0;
            for (var i = 2; i <= limit; i++)
            {
                if (composite[i])
                {
                    continue;
                }

                primes++;
                for (long j = (long)i * i; j <= limit; j += i)
                {
                    composite[j] = true;
                }
            }

            return primes;
        }

        public static long MatMul(int n)
        {
            var a = new double[n, n];
            var b = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    a[i, j] = i + j;
                    b[i, j] = i - j;
                }
            }

            double trace = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (var k = 0; k < n; k++)
                    {
                        sum += a[i, k] * b[k, j];
                    }

                    if (i == j)
                    {
                        trace += sum;
                    }
                }
            }

            return (long)trace;
        }

        public static long Collatz(int limit)
        {
            long longest = 0;
            for (var start = 1; start < limit; start++)
            {
                long n = start;
                var steps = 0;
                while (n != 1)
                {
                    n = (n & 1) == 0 ? n / 2 : (3 * n) + 1;
                    steps++;
                }

                longest = Math.Max(longest, steps);
            }

            return longest;
        }

        public static uint Checksum(int length)
        {
            var crc = 0xFFFFFFFFu;
            for (var i = 0; i < length; i++)
            {
                crc ^= (byte)(i * 31);
                for (var bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
                }
            }

            return ~crc;
        }
    }
}
