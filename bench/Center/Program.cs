using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Data;
using CoverWeaver.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoverWeaver.Bench.Center
{
    /// <summary>
    /// The coverage center at scale, as a user runs it (`coverweaver center`, a process of its own):
    /// 1. a fleet of 50 simulated targets (10 services of 5 instances, 100,000 probes each) served
    ///    from this process, pulled every 10 s during an open run: each pull cycle's time (from the
    ///    center's /api/status), the center's CPU (its /proc utime+stime over the window), and the
    ///    store's rows and size after the first cycle and at the end (growth must follow the probes
    ///    touched, here the same 1% per target every pull, not the number of pulls);
    /// 2. a run of one service of 1,000,000 probes (1,000 modules of 1,000): the run page, the
    ///    service page in the run, and a file page, cold then warm (median of 5).
    /// The noise floor: the same center with no target (its idle CPU) and the spread of the timings.
    /// </summary>
    internal static class Program
    {
        private const int Services = 10;
        private const int Instances = 5;
        private const int FleetModules = 100;
        private const int BigModules = 1000;
        private const int ProbesPerModule = 1000;
        private static readonly HttpClient Http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

        public static async Task<int> Main(string[] args)
        {
            var tool = Path.GetFullPath(args[0]);
            var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
            var folder = Path.Combine(Path.GetTempPath(), "coverweaver-bench-center-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var report = new StringBuilder();
                report.AppendLine("## Coverage center (`coverweaver center`, SQLite)");
                report.AppendLine();
                var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
                report.AppendLine($"Made by `bash bench/run.sh center` on {DateTime.Now:yyyy-MM-dd}: {Environment.ProcessorCount} cores, load average {load} at the start (the machine is shared; what else ran shows in the spread of each timing).");
                report.AppendLine();
                if (args.Length < 3 || args[2] != "pages")
                {
                    await Fleet(tool, folder, seconds, report);
                }

                await MillionProbeRun(tool, folder, report);
                Console.Write(report.ToString());
                return 0;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static async Task Fleet(string tool, string folder, int seconds, StringBuilder report)
        {
            // The targets: each answers POST /snapshot?reset=true with its service's table and counts
            // on the same 1% of its probes (1 to 3 hits each), as a service under a steady test load.
            var tables = Enumerable.Range(0, Services).Select(s => Table($"Fleet.Service{s}", FleetModules, (ulong)(1000 + s))).ToList();
            var answers = new byte[Services * Instances][];
            var random = new Random(7);
            for (var t = 0; t < answers.Length; t++)
            {
                var table = tables[t / Instances];
                var counts = new long[table.SlotCount];
                foreach (var slot in Enumerable.Range(0, table.SlotCount).OrderBy(_ => random.Next()).Take(table.SlotCount / 100))
                {
                    counts[slot] = 1 + random.Next(3);
                }

                answers[t] = CoverageFile.Encode(table.Modules.Select(m => new ModuleSnapshot(table, m, counts.Skip(m.FirstSlot).Take(m.SlotCount).ToArray())));
            }

            var pulls = 0L;
            await using var fleet = await Serve(async context =>
            {
                var target = int.Parse(context.Request.Path.Value!.Split('/')[2], CultureInfo.InvariantCulture);
                Interlocked.Increment(ref pulls);
                context.Response.ContentType = "application/vnd.coverweaver.coverage";
                await context.Response.Body.WriteAsync(answers[target]);
            });
            var targets = Path.Combine(folder, "targets.json");
            File.WriteAllText(targets, JsonSerializer.Serialize(Enumerable.Range(0, Services).Select(s => new
            {
                service = $"service{s}",
                targets = Enumerable.Range(0, Instances).Select(i => $"{fleet.Address}/t/{(s * Instances) + i}").ToArray(),
            })));

            // The noise floor: the center with nothing to pull.
            double idle;
            using (var empty = CenterProcess.Start(tool, Path.Combine(folder, "idle.db"), null))
            {
                idle = empty.CpuPercent(TimeSpan.FromSeconds(Math.Min(20, seconds)));
            }

            var db = Path.Combine(folder, "fleet.db");
            using var center = CenterProcess.Start(tool, db, targets);
            await Post($"{center.Address}/api/runs", new { name = "fleet", services = Enumerable.Range(0, Services).Select(s => $"service{s}").ToArray() });
            var before = (await Status(center)).CycleStarted;
            var first = await Status(center);
            while (first.CycleStarted == before)
            {
                await Task.Delay(200);
                first = await Status(center);
            }

            var rowsAfterFirst = first.Rows;
            var cycles = new Dictionary<string, double>();
            var cpu = center.StartCpu();
            var until = DateTime.UtcNow.AddSeconds(seconds);
            while (DateTime.UtcNow < until)
            {
                await Task.Delay(500);
                var status = await Status(center);
                if (status.CycleStarted != null)
                {
                    cycles[status.CycleStarted] = status.CycleMilliseconds;
                }
            }

            var busy = center.CpuPercentSince(cpu);
            var last = await Status(center);
            var size = new FileInfo(db).Length + (File.Exists(db + "-wal") ? new FileInfo(db + "-wal").Length : 0);
            await Post($"{center.Address}/api/runs/1/end", null);
            var ended = await Status(center);
            var overview = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                overview.Add(await Time($"{center.Address}/"));
            }

            overview.Sort();
            var sorted = cycles.Values.OrderBy(v => v).ToList();
            var touched = Services * Instances * (FleetModules * ProbesPerModule / 100);

            report.AppendLine($"### A fleet: {Services * Instances} targets of {FleetModules * ProbesPerModule:N0} probes, pulled every 10 s during a run, measured over {seconds} s");
            report.AppendLine();
            report.AppendLine("| measure | value | target |");
            report.AppendLine("| --- | ---: | ---: |");
            report.AppendLine($"| pull cycle (all {Services * Instances} targets), median of {sorted.Count} | {Median(sorted):0} ms (fastest {sorted.FirstOrDefault():0}, slowest {sorted.LastOrDefault():0}) | under 2,000 ms |");
            report.AppendLine($"| the center's CPU, average over the window | {busy:0.0}% of one core | under 25% |");
            report.AppendLine($"| the center's CPU with no target (noise floor) | {idle:0.0}% of one core | |");
            report.AppendLine($"| pulls answered by the targets | {Interlocked.Read(ref pulls):N0} | |");
            report.AppendLine($"| count rows after the run's first cycle / after {sorted.Count} cycles / after the final pull | {rowsAfterFirst:N0} / {last.Rows:N0} / {ended.Rows:N0} | constant: the probes touched |");
            report.AppendLine($"| store size at the end (SQLite with its WAL) | {size / 1024.0 / 1024.0:0.0} MiB | |");
            report.AppendLine($"| the services page (10 services, everything each has), median of 5 | {Median(overview):0} ms (fastest {overview[0]:0}, slowest {overview[^1]:0}) | |");
            report.AppendLine();
            report.AppendLine($"Each target touches the same 1% of its probes at every pull ({touched:N0} probes over the fleet, the instances of a service sharing rows where they touch the same probe). The rows are those probes once for the live view (the pulls before the run started) and once for the run, and stay so however many pulls follow.");
            report.AppendLine();
        }

        private static async Task MillionProbeRun(string tool, string folder, StringBuilder report)
        {
            var table = Table("Big", BigModules, 77);
            var counts = new long[table.SlotCount];
            var random = new Random(11);
            for (var slot = 0; slot < counts.Length; slot++)
            {
                counts[slot] = random.Next(4) == 0 ? 0 : 1 + random.Next(50);
            }

            var export = CoverageFile.Encode(table.Modules.Select(m => new ModuleSnapshot(table, m, counts.Skip(m.FirstSlot).Take(m.SlotCount).ToArray())));
            using var center = CenterProcess.Start(tool, Path.Combine(folder, "big.db"), null);
            await Post($"{center.Address}/api/runs", new { name = "million", services = new[] { "big" } });
            var push = Stopwatch.StartNew();
            using (var content = new ByteArrayContent(export))
            {
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.coverweaver.coverage");
                using var pushed = await Http.PostAsync($"{center.Address}/api/push/big", content);
                pushed.EnsureSuccessStatusCode();
            }

            var pushMs = push.Elapsed.TotalMilliseconds;
            var end = Stopwatch.StartNew();
            await Post($"{center.Address}/api/runs/1/end", null);
            var endMs = end.Elapsed.TotalMilliseconds;
            var file = Uri.EscapeDataString(table.Documents[BigModules / 2]);
            var pages = new (string Name, string Path, string Target)[]
            {
                ("run page", "/runs/1", "under 1,000 ms"),
                ("service page in the run (1,000 modules, 1,000 files)", "/services/big?scope=run:1", ""),
                ("file page (1,000 probes)", $"/services/big/file?scope=run:1&path={file}", "under 100 ms"),
                ("service total (API)", "/api/services/big/total?scope=run:1", ""),
            };
            report.AppendLine($"### A run of 1,000,000 probes ({BigModules:N0} modules of {ProbesPerModule:N0}, 75% of them run)");
            report.AppendLine();
            report.AppendLine($"Storing the run's one push of {export.Length / 1024.0 / 1024.0:0.0} MiB took {pushMs:0} ms; ending the run {endMs:0} ms. Sealing starts computing the run's figures in the background (a sealed run never changes), and the pages, requested at once, wait for them if need be: \"first\" is that first request, timed from the request to the last byte, \"warm\" the ones after it.");
            report.AppendLine();
            report.AppendLine("| page | first | warm median of 5 (fastest, slowest) | target |");
            report.AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, path, target) in pages)
            {
                var cold = await Time($"{center.Address}{path}");
                var warm = new List<double>();
                for (var i = 0; i < 5; i++)
                {
                    warm.Add(await Time($"{center.Address}{path}"));
                }

                warm.Sort();
                report.AppendLine($"| {name} | {cold:0} ms | {Median(warm):0} ms ({warm[0]:0}, {warm[^1]:0}) | {target} |");
            }

            report.AppendLine();
        }

        /// <summary>A synthetic assembly: modules of 100 methods of 10 lines, one source file per module.</summary>
        private static AssemblyProbeTable Table(string name, int modules, ulong build)
        {
            var table = new AssemblyProbeTable { AssemblyName = name, BuildId = build, Mode = CountingMode.Count, SlotCount = modules * ProbesPerModule };
            for (var m = 0; m < modules; m++)
            {
                table.Documents.Add($"/src/{name}/Module{m}.cs");
                var module = new ModuleProbes { Name = $"{name}.Module{m}", Fingerprint = build * 1_000_003 + (ulong)m, FirstSlot = m * ProbesPerModule, SlotCount = ProbesPerModule };
                for (var f = 0; f < ProbesPerModule / 10; f++)
                {
                    var first = module.FirstSlot + (f * 10);
                    var clause = new ClauseProbes { Function = "F" + f, Arity = 1, Clause = 1, EntrySlot = first };
                    for (var l = 0; l < 10; l++)
                    {
                        clause.Lines.Add(new LineProbe(m, 10 + (f * 12) + l, first + l));
                    }

                    module.Clauses.Add(clause);
                }

                table.Modules.Add(module);
            }

            return table;
        }

        private static async Task<double> Time(string url)
        {
            var clock = Stopwatch.StartNew();
            using var response = await Http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            return clock.Elapsed.TotalMilliseconds;
        }

        private static async Task Post(string url, object? body)
        {
            using var content = new StringContent(body == null ? "" : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync(url, body == null ? null : content);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        private static async Task<(long Rows, string? CycleStarted, double CycleMilliseconds)> Status(CenterProcess center)
        {
            using var json = JsonDocument.Parse(await Http.GetStringAsync($"{center.Address}/api/status"));
            var rows = json.RootElement.GetProperty("size").GetProperty("countRows").GetInt64();
            var cycle = json.RootElement.GetProperty("lastCycle");
            return cycle.ValueKind == JsonValueKind.Null
                ? (rows, null, 0)
                : (rows, cycle.GetProperty("startedAt").ToString(), cycle.GetProperty("milliseconds").GetDouble());
        }

        private static double Median(List<double> sorted) => sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

        private static async Task<Server> Serve(RequestDelegate handle)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapPost("/t/{target}/snapshot", handle);
            await app.StartAsync();
            return new Server(app, app.Urls.First());
        }

        private sealed class Server : IAsyncDisposable
        {
            private readonly WebApplication _app;

            public Server(WebApplication app, string address)
            {
                _app = app;
                Address = address;
            }

            public string Address { get; }

            public async ValueTask DisposeAsync() => await _app.DisposeAsync();
        }
    }
}
