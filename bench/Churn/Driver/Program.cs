using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Threading;
using CoverWeaver;
using CoverWeaver.Bench.Churn;

// Usage: CoverWeaver.Bench.Churn [threads 4000] [concurrency 8] [analyses 5]
//
// Starts `threads` short-lived threads, `concurrency` at a time, each calling every method of the
// generated module once (so every one of its ~10,000 lines runs once per thread), then, after a
// full collection, prints one tab-separated line for bench/Churn/run.sh:
//   woven(0/1)  VmRSS kB  VmHWM kB  wall ms  function analysis ms (median of `analyses`; NaN when plain)
//   first function analysis ms (it JIT-compiles the analyser)  counts (exact/WRONG/n/a)
// The module is plain or woven according to the build lying beside this program.
var threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var analyses = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;

// Delegates built once here, so the driver's own calls are not part of the churned module.
var steps = typeof(Lines).GetMethods(BindingFlags.Public | BindingFlags.Static)
    .Where(m => m.Name.StartsWith("Step", StringComparison.Ordinal))
    .Select(m => m.CreateDelegate<Func<long, long>>())
    .ToArray();
var woven = typeof(Lines).Assembly.GetManifestResourceNames().Contains("CoverWeaver.ProbeTable");

long sink = 0;
var watch = Stopwatch.StartNew();
var batch = new Thread[concurrency];
for (var started = 0; started < threads; started += concurrency)
{
    var count = Math.Min(concurrency, threads - started);
    for (var i = 0; i < count; i++)
    {
        var seed = started + i;
        batch[i] = new Thread(() =>
        {
            long x = seed;
            foreach (var step in steps)
            {
                x = step(x);
            }

            Interlocked.Add(ref sink, x);
        });
        batch[i].Start();
    }

    for (var i = 0; i < count; i++)
    {
        batch[i].Join();
    }
}

var wallMs = watch.Elapsed.TotalMilliseconds;

// Memory after a full, compacting collection, so only what is still held (or was never given
// back, for the peak) is counted, not garbage the collector has not yet reached.
GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
GC.WaitForPendingFinalizers();
GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
var status = File.ReadAllLines("/proc/self/status");
long Kilobytes(string key) => long.Parse(
    status.First(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
    CultureInfo.InvariantCulture);
var rss = Kilobytes("VmRSS");
var hwm = Kilobytes("VmHWM");

var (analysisMs, firstMs, counts) = woven ? Woven.Check(threads, steps.Length, analyses) : (double.NaN, double.NaN, "n/a");
Console.WriteLine(string.Join("\t",
    woven ? "1" : "0",
    rss.ToString(CultureInfo.InvariantCulture),
    hwm.ToString(CultureInfo.InvariantCulture),
    wallMs.ToString("F1", CultureInfo.InvariantCulture),
    analysisMs.ToString("F1", CultureInfo.InvariantCulture),
    firstMs.ToString("F1", CultureInfo.InvariantCulture),
    counts));
return counts == "WRONG" ? 1 : 0;

/// <summary>
/// The woven variant's measures, apart so that the plain variant never loads CoverWeaver.dll
/// (the JIT loads an assembly when it compiles a method that uses it).
/// </summary>
internal static class Woven
{
    private const string Module = "CoverWeaver.Bench.Churn.Lines";

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static (double Median, double First, string Counts) Check(int threads, int methods, int analyses)
    {
        var times = new double[analyses];
        var first = Stopwatch.StartNew();
        var rows = Cover.Analyse(Analysis.Calls, Level.Function);
        var firstMs = first.Elapsed.TotalMilliseconds;
        for (var i = 0; i < analyses; i++)
        {
            var watch = Stopwatch.StartNew();
            rows = Cover.Analyse(Analysis.Calls, Level.Function);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);

        // Every method ran once per thread, so each function's calls, and each of its lines' counts
        // (the known line: Step0's first, and every other), equal the number of threads.
        var lines = Cover.Analyse(Module, Analysis.Calls, Level.Line);
        var known = lines.OrderBy(r => r.Line).First();
        rows = rows.Where(r => r.Module == Module).ToList();
        var exact = rows.Count == methods && rows.All(r => r.Calls == threads)
            && lines.Count == methods * 20 && known.Calls == threads && lines.All(r => r.Calls == threads);
        if (!exact)
        {
            Console.Error.WriteLine(
                $"counts: {rows.Count} functions (expected {methods}), {lines.Count} lines (expected {methods * 20}); " +
                $"line {known.Line}: {known.Calls} (expected {threads}); " +
                $"functions off: {rows.Count(r => r.Calls != threads)}, lines off: {lines.Count(r => r.Calls != threads)}");
        }

        return (times[analyses / 2], firstMs, exact ? "exact" : "WRONG");
    }
}
