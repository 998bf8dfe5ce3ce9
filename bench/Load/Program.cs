using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Bench.Load;

// Usage: CoverWeaver.Bench.Load --plain <HelloService.dll> --woven <HelloService.dll>
//          [--workers 8] [--seconds 5] [--warmup 2] [--rounds 3] [--max-requests 5000000] [--snapshots 21]
//
// Runs the plain and the woven build in alternate rounds (so drift on the machine hits both
// alike), each round a fresh process warmed up first, and reports the median requests/s of each.
// Then, with the woven build serving the same traffic, times GET /snapshot on its endpoint.
// Lines go to stdout and, when BENCH_OUT is set, are appended there as run.sh expects:
// variant, what, median, fastest, slowest.
var options = Options.Parse(args);
var rates = new Dictionary<string, List<double>> { ["plain"] = new List<double>(), ["count"] = new List<double>() };
for (var round = 0; round < options.Rounds; round++)
{
    foreach (var (variant, dll) in new[] { ("plain", options.Plain), ("count", options.Woven) })
    {
        // The woven build runs live (COVERWEAVER_LISTEN), as it would in use; nobody asks it anything here.
        using var service = new ServiceProcess(dll, live: variant == "count");
        using var client = LoadRun.NewClient(service.AppAddress, options.Workers);
        LoadRun.RequestsPerSecond(client, options.Workers, options.WarmUp, options.MaxRequests);
        rates[variant].Add(LoadRun.RequestsPerSecond(client, options.Workers, options.Duration, options.MaxRequests));
        Console.Error.WriteLine($"round {round + 1} {variant}: {rates[variant][^1]:F0} requests/s");
    }
}

foreach (var (variant, values) in rates)
{
    var sorted = values.OrderBy(v => v).ToArray();
    Write(variant, "service-rps", sorted[sorted.Length / 2], sorted[^1], sorted[0]);
}

using (var service = new ServiceProcess(options.Woven, live: true))
using (var client = LoadRun.NewClient(service.AppAddress, options.Workers))
{
    LoadRun.RequestsPerSecond(client, options.Workers, options.WarmUp, options.MaxRequests);
    var traffic = Task.Run(() => LoadRun.RequestsPerSecond(client, options.Workers, TimeSpan.FromMinutes(2), options.MaxRequests));
    // Two untimed snapshots first: the endpoint's own code is JIT-compiled on first use.
    SnapshotTimer.Time(service.CoverAddress!, service.Token, 2, TimeSpan.Zero);
    var (times, bytes) = SnapshotTimer.Time(service.CoverAddress!, service.Token, options.Snapshots, TimeSpan.FromMilliseconds(50));
    Write("count", "service-snapshot", times[times.Length / 2], times[0], times[^1], $"{bytes} bytes");
    service.Dispose(); // ends the traffic: its next request fails
    try
    {
        traffic.Wait();
    }
    catch (AggregateException)
    {
    }
}

void Write(string variant, string what, double median, double first, double last, string? note = null)
{
    var line = string.Join("\t", new[] { variant, what, Format(median), Format(first), Format(last) }.Concat(note == null ? Array.Empty<string>() : new[] { note }));
    Console.WriteLine(line);
    var output = Environment.GetEnvironmentVariable("BENCH_OUT");
    if (!string.IsNullOrEmpty(output))
    {
        File.AppendAllText(output, line + Environment.NewLine);
    }
}

static string Format(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

/// <summary>The command line, with bounded defaults.</summary>
internal sealed record Options(string Plain, string Woven, int Workers, TimeSpan Duration, TimeSpan WarmUp, int Rounds, long MaxRequests, int Snapshots)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Get(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;
        return new Options(
            values.TryGetValue("plain", out var plain) ? plain : throw new ArgumentException("--plain <HelloService.dll> is required"),
            values.TryGetValue("woven", out var woven) ? woven : throw new ArgumentException("--woven <HelloService.dll> is required"),
            int.Parse(Get("workers", "8"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Get("seconds", "5"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Get("warmup", "2"), CultureInfo.InvariantCulture)),
            int.Parse(Get("rounds", "3"), CultureInfo.InvariantCulture),
            long.Parse(Get("max-requests", "5000000"), CultureInfo.InvariantCulture),
            int.Parse(Get("snapshots", "21"), CultureInfo.InvariantCulture));
    }
}
