using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace CoverWeaver.Bench.Harness
{
    /// <summary>Times a workload: warm-up runs first (so tiered compilation settles), then the median of timed runs.</summary>
    internal static class Measure
    {
        public const int WarmUp = 4;
        public const int Timed = 21;

        public static void Record(string workload, Func<long> run, int warmUp = WarmUp, int timed = Timed)
        {
            long sink = 0;
            for (var i = 0; i < warmUp; i++)
            {
                sink += run();
            }

            var times = new double[timed];
            for (var i = 0; i < timed; i++)
            {
                var watch = Stopwatch.StartNew();
                sink += run();
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            Write($"{workload}\t{times[timed / 2]:F2}\t{times[0]:F2}\t{times[timed - 1]:F2}\t{sink}");
        }

        /// <summary>Records a fact that is not a time.</summary>
        public static void Report(string what, string value) => Write($"{what}\t{value}");

        private static void Write(string fields)
        {
            var variant = Environment.GetEnvironmentVariable("BENCH_VARIANT") ?? "plain";
            var line = variant + "\t" + fields;
            Console.WriteLine(line);
            var output = Environment.GetEnvironmentVariable("BENCH_OUT");
            if (!string.IsNullOrEmpty(output))
            {
                File.AppendAllText(output, line + Environment.NewLine);
            }
        }
    }
}
