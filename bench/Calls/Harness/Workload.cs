using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace CoverWeaver.Bench.Calls.Harness
{
    /// <summary>One timed run's figures: CPU time summed over the threads that did the work, wall time, and the work's result.</summary>
    public readonly record struct Sample(double CpuMilliseconds, double WallMilliseconds, long Result);

    /// <summary>A workload of one variant: a pass from the workload's catalog, run <see cref="Passes"/> times per timed run on <see cref="Threads"/> threads at once.</summary>
    public sealed class Workload
    {
        public Workload(string name, int passes, Func<long> pass, int threads = 1)
        {
            Name = name;
            Passes = passes;
            Pass = pass;
            Threads = threads;
        }

        public string Name { get; }

        public int Passes { get; }

        public Func<long> Pass { get; }

        public int Threads { get; }

        /// <summary>
        /// One timed run, after collecting the young generations, so that no run inherits another's
        /// garbage (the inputs, long-lived, sit in the old generation; a full collection of the five
        /// variants' inputs before every run would cost more than the runs).
        /// </summary>
        /// <remarks>
        /// The harness's own methods are compiled optimized at once (no tiering), so that once the
        /// warm-up sees the JIT idle, what it waited for was the workload's code, not the harness's.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public Sample Measure()
        {
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            return Threads == 1 ? MeasureOnThisThread() : MeasureOnThreads();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private Sample MeasureOnThisThread()
        {
            var wall = Stopwatch.GetTimestamp();
            var cpu = ThreadClock.Milliseconds();
            var result = RunPasses();
            cpu = ThreadClock.Milliseconds() - cpu;
            return new Sample(cpu, Stopwatch.GetElapsedTime(wall).TotalMilliseconds, result);
        }

        // The threads are made before the clock starts and released together, each timing its own CPU.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private Sample MeasureOnThreads()
        {
            var cpu = new double[Threads];
            var results = new long[Threads];
            using var start = new Barrier(Threads + 1);
            var threads = new Thread[Threads];
            for (var i = 0; i < Threads; i++)
            {
                var index = i;
                threads[i] = new Thread(() => RunOnThread(start, out results[index], out cpu[index]));
                threads[i].Start();
            }

            start.SignalAndWait();
            var wall = Stopwatch.GetTimestamp();
            foreach (var thread in threads)
            {
                thread.Join();
            }

            var elapsed = Stopwatch.GetElapsedTime(wall).TotalMilliseconds;
            double cpuSum = 0;
            long resultSum = 0;
            for (var i = 0; i < Threads; i++)
            {
                cpuSum += cpu[i];
                resultSum += results[i];
            }

            return new Sample(cpuSum, elapsed, resultSum);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunOnThread(Barrier start, out long result, out double cpu)
        {
            start.SignalAndWait();
            var begin = ThreadClock.Milliseconds();
            result = RunPasses();
            cpu = ThreadClock.Milliseconds() - begin;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private long RunPasses()
        {
            long result = 0;
            for (var i = 0; i < Passes; i++)
            {
                result += Pass();
            }

            return result;
        }
    }
}
