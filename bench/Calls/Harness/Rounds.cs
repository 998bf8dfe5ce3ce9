using System.Collections.Generic;
using System.Linq;
using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;

namespace CoverWeaver.Bench.Calls.Harness
{
    /// <summary>
    /// Interleaved timing: each round runs every workload once per variant, the variants of one
    /// workload back to back, in an order that rotates from round to round and workload to workload,
    /// so a slow spell of the shared machine falls on all variants alike and each variant's runs can
    /// be paired with the plain run next to it.
    /// </summary>
    public static class Rounds
    {
        // Warm-up ends after two rounds in which the JIT compiled nothing, i.e. when tiered compilation
        // has settled: under a profiler (Microsoft's collector) that took up to ten rounds, not four.
        private const int QuietRoundsToSettle = 2;
        private const double MaxWarmUpSeconds = 15;

        public static void Run(IReadOnlyList<Variant> variants, int minWarmUpRounds, int rounds, int rotation, Tsv output)
        {
            var workloads = variants[0].Workloads.Count;
            var perRound = variants.Count * workloads;

            // Warm-up and timed rounds run the same code; samples are written out only at the end,
            // so no file writing (nor its compilation) happens between timed runs.
            var samples = new List<(int Variant, int Workload, Sample Sample)>(perRound * rounds);
            var warmUp = Stopwatch.StartNew();
            var warmUpRounds = 0;
            var quiet = 0;
            while ((warmUpRounds < minWarmUpRounds || quiet < QuietRoundsToSettle) && warmUp.Elapsed.TotalSeconds < MaxWarmUpSeconds)
            {
                var compiled = JitInfo.GetCompiledMethodCount();
                samples.Clear();
                RunRound(variants, warmUpRounds + rotation, samples);
                quiet = JitInfo.GetCompiledMethodCount() == compiled ? quiet + 1 : 0;
                warmUpRounds++;
            }

            var warmUpSeconds = warmUp.Elapsed.TotalSeconds;
            samples.Clear();
            for (var round = 0; round < rounds; round++)
            {
                RunRound(variants, warmUpRounds + round + rotation, samples);
            }

            // How many methods the JIT compiled in all: a profiler that turns off the framework's
            // precompiled code (ReadyToRun) shows as thousands more, the framework JIT-compiled too.
            output.WarmUp(string.Join("+", variants.Select(v => v.Name)), warmUpRounds, warmUpSeconds, quiet >= QuietRoundsToSettle, JitInfo.GetCompiledMethodCount());
            var sums = new long[variants.Count, workloads];
            for (var i = 0; i < samples.Count; i++)
            {
                var (v, w, sample) = samples[i];
                sums[v, w] += sample.Result;
                output.Time(variants[v].Name, variants[v].Workloads[w].Name, i / perRound, sample);
            }

            for (var v = 0; v < variants.Count; v++)
            {
                for (var w = 0; w < workloads; w++)
                {
                    output.Result(variants[v].Name, variants[v].Workloads[w].Name, sums[v, w]);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunRound(IReadOnlyList<Variant> variants, int offset, List<(int Variant, int Workload, Sample Sample)> samples)
        {
            for (var w = 0; w < variants[0].Workloads.Count; w++)
            {
                for (var k = 0; k < variants.Count; k++)
                {
                    var v = (k + offset + w) % variants.Count;
                    samples.Add((v, w, variants[v].Workloads[w].Measure()));
                }
            }
        }
    }
}
