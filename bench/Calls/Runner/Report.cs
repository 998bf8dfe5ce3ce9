using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CoverWeaver.Bench.Calls.Runner
{
    /// <summary>The rows of a bench run as the tables of its section in bench/RESULTS.md.</summary>
    internal static class Report
    {
        private static readonly (string Key, string Title)[] InProcessVariants =
        {
            ("plain", "uninstrumented"),
            ("again", "uninstrumented, second copy"),
            ("cold", "woven, hot code unprobed"),
            ("count", "CoverWeaver count"),
            ("set", "CoverWeaver set"),
        };

        private static readonly (string Key, string Title)[] HostVariants =
        {
            ("plain", "uninstrumented"),
            ("again", "uninstrumented again"),
            ("count", "CoverWeaver count"),
            ("set", "CoverWeaver set"),
            ("coverlet", "coverlet.msbuild 10.0.1"),
            ("mscov", "Microsoft.CodeCoverage 18.11.0"),
            ("plain_jit", "uninstrumented, framework JIT-compiled"),
        };

        private const string Total = "total";

        public static string Markdown(IEnumerable<string> lines)
        {
            var rows = lines.Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
            var times = rows.Where(r => r[0] == "time").Select(Time.Parse).ToList();
            var text = new StringBuilder();
            var warmUps = rows.Where(r => r[0] == "warmup").ToList();
            InProcess(text, times.Where(t => t.Harness == "inproc").ToList());
            WarmUp(text, warmUps.Where(r => r[1] == "inproc"));
            Host(text, times.Where(t => t.Harness == "host").ToList());
            WarmUp(text, warmUps.Where(r => r[1] == "host"));
            Checks(text, rows);
            return text.ToString();
        }

        private sealed record Time(string Harness, string Variant, string Workload, int Process, int Round, double Cpu, double Wall)
        {
            public static Time Parse(string[] r) => new(r[1], r[2], r[3], Int(r[4]), Int(r[5]), Double(r[6]), Double(r[7]));
        }

        // Each variant's run is paired with the plain run of the same workload in the same round of the
        // same process; a process's ratio is the median of its pairs. Processes differ more than rounds
        // do (where the JIT put each copy's code, where the inputs landed), so the range is over processes.
        private static void InProcess(StringBuilder text, List<Time> times)
        {
            if (times.Count == 0)
            {
                return;
            }

            var variants = InProcessVariants.Where(v => times.Any(t => t.Variant == v.Key)).ToList();
            var workloads = times.Select(t => t.Workload).Distinct().ToList();
            var processes = times.Select(t => t.Process).Distinct().OrderBy(p => p).ToList();
            var rounds = times.Select(t => (t.Process, t.Round)).Distinct().Count();
            text.AppendLine($"### In one process, interleaved ({processes.Count} processes, {rounds} rounds in all)");
            text.AppendLine();
            text.AppendLine("Median thread CPU time of one run; in brackets the ratio to the uninstrumented run beside it (same process, round and workload): the median over processes of each process's median ratio, and the range of those per-process ratios.");
            text.AppendLine();
            Header(text, variants.Select(v => v.Title));

            var rowsOf = workloads.Select(w => (Name: w, Cpu: true)).Concat(new[] { (Name: Total, Cpu: true), (Name: Total, Cpu: false) })
                .Concat(workloads.Where(w => w.Contains("threads", StringComparison.Ordinal)).Select(w => (Name: w, Cpu: false)));
            var ratiosByVariant = variants.ToDictionary(v => v.Key, _ => new List<(string Row, double Ratio, double Low, double High)>());
            foreach (var (name, cpu) in rowsOf)
            {
                var label = (name == Total ? "**total**" : name) + (cpu ? "" : ", wall time");
                var cells = variants.Select(v =>
                {
                    var mine = Runs(times, name, cpu).Where(r => r.ContainsKey(v.Key)).Select(r => r[v.Key]).ToList();
                    if (v.Key == "plain")
                    {
                        return Ms(Stats.Median(mine));
                    }

                    var perProcess = processes.Select(p => Stats.Median(Runs(times.Where(t => t.Process == p).ToList(), name, cpu)
                        .Where(r => r.ContainsKey(v.Key) && r.ContainsKey("plain")).Select(r => r[v.Key] / r["plain"]))).ToList();
                    var ratio = Stats.Median(perProcess);
                    if (cpu)
                    {
                        ratiosByVariant[v.Key].Add((name, ratio, perProcess.Min(), perProcess.Max()));
                    }

                    return $"{Ms(Stats.Median(mine))} ({ratio:F2}x, {perProcess.Min():F2}-{perProcess.Max():F2})";
                });
                text.AppendLine($"| {label} | {string.Join(" | ", cells)} |");
            }

            text.AppendLine();
            foreach (var key in new[] { "again", "cold" }.Where(ratiosByVariant.ContainsKey))
            {
                var list = ratiosByVariant[key];
                var total = list.Single(r => r.Row == Total);
                var each = list.Where(r => r.Row != Total).ToList();
                var what = key == "again" ? "uninstrumented against its second copy" : "woven with the hot code unprobed (the assembly woven, the runtime loaded, no probe on a measured line)";
                text.AppendLine($"- Noise floor, {what}: total {total.Ratio:F2}x (processes {total.Low:F2}-{total.High:F2}); per workload {each.Min(r => r.Ratio):F2}x to {each.Max(r => r.Ratio):F2}x, single processes {each.Min(r => r.Low):F2}x to {each.Max(r => r.High):F2}x.");
            }

            Overlap(text, times, variants);
            text.AppendLine();
        }

        // Whole test processes: each process's median per workload, its ratio to the plain process of the same round.
        private static void Host(StringBuilder text, List<Time> times)
        {
            if (times.Count == 0)
            {
                return;
            }

            var variants = HostVariants.Where(v => times.Any(t => t.Variant == v.Key)).ToList();
            var workloads = times.Select(t => t.Workload).Distinct().ToList();
            var perProcess = variants.ToDictionary(v => v.Key, v => times.Where(t => t.Variant == v.Key).Select(t => t.Process).Distinct().OrderBy(p => p).ToList());
            var roundsPerProcess = times.Where(t => t.Variant == "plain").GroupBy(t => t.Process).Select(g => g.Select(t => t.Round).Distinct().Count()).FirstOrDefault();
            text.AppendLine($"### Whole test processes: `dotnet test`, peers beside us ({perProcess["plain"].Count} rounds of processes)");
            text.AppendLine();
            text.AppendLine($"Each process runs one variant: {roundsPerProcess} timed rounds of every workload after warm-up, on thread CPU time. Cells: the median over processes of each process's median; in brackets the median ratio to the uninstrumented process of the same round, and the range of those ratios. " +
                "Processes per variant: " + string.Join(", ", variants.Select(v => $"{v.Key} {perProcess[v.Key].Count}")) + ".");
            text.AppendLine();
            Header(text, variants.Select(v => v.Title));
            foreach (var name in workloads.Append(Total))
            {
                var medians = variants.ToDictionary(v => v.Key, v => perProcess[v.Key].Select(p => Stats.Median(Runs(times.Where(t => t.Process == p).ToList(), name, true).Select(r => r[v.Key]))).ToList());
                var cells = variants.Select(v =>
                {
                    var mine = medians[v.Key];
                    if (v.Key == "plain")
                    {
                        return Ms(Stats.Median(mine));
                    }

                    var ratios = mine.Zip(medians["plain"], (m, p) => m / p).ToList();
                    return $"{Ms(Stats.Median(mine))} ({Stats.Median(ratios):F2}x, {ratios.Min():F2}-{ratios.Max():F2})";
                });
                text.AppendLine($"| {(name == Total ? "**total**" : name)} | {string.Join(" | ", cells)} |");
            }

            text.AppendLine();
            Overlap(text, times, variants);
            text.AppendLine();
        }

        // warmup rows: harness, variants, -, process, rounds, seconds, settled|timed-out, methods the JIT compiled.
        private static void WarmUp(StringBuilder text, IEnumerable<string[]> rows)
        {
            var list = rows.ToList();
            if (list.Count == 0)
            {
                return;
            }

            text.AppendLine("Warm-up (not recorded) lasted until the JIT had compiled nothing for two whole rounds, tiered compilation settled: " +
                string.Join("; ", list.GroupBy(r => r[2]).Select(g =>
                {
                    var rounds = g.Select(r => Int(r[5])).ToList();
                    var timedOut = g.Count(r => r[7] != "settled");
                    var jitted = g.Where(r => r.Length > 8).Select(r => Int(r[8])).ToList();
                    return $"{g.Key.Replace("+", ", ")}: {rounds.Min()}-{rounds.Max()} rounds" +
                        (jitted.Count > 0 ? $", {jitted.Min():N0}-{jitted.Max():N0} methods JIT-compiled by then" : "") +
                        (timedOut > 0 ? $" (**{timedOut} of {g.Count()} processes stopped at 15 s unsettled**)" : "");
                })) + ".");
            text.AppendLine();
        }

        // Threads sharing hot lines cost most when they really run at once, which on a shared
        // 2-core machine they do only when the neighbours leave both cores free: say how much they did.
        private static void Overlap(StringBuilder text, List<Time> times, List<(string Key, string Title)> variants)
        {
            foreach (var workload in times.Select(t => t.Workload).Distinct().Where(w => w.Contains("threads", StringComparison.Ordinal)))
            {
                var overlaps = variants.Select(v => $"{v.Key} {Stats.Median(times.Where(t => t.Workload == workload && t.Variant == v.Key).Select(t => t.Cpu / t.Wall)):F2}");
                text.AppendLine($"- {workload}: how far its threads ran at once (CPU time over wall time, median; 2.00 is fully parallel, 1.00 one after the other): {string.Join(", ", overlaps)}.");
            }
        }

        private static void Checks(StringBuilder text, List<string[]> rows)
        {
            text.AppendLine("### Checks: each variant collected what it should, and computed the same results");
            text.AppendLine();
            foreach (var group in rows.Where(r => r[0] == "check").GroupBy(r => (Harness: r[1], Variant: r[2], Text: r[5])))
            {
                var ok = group.Count(r => r[4] == "ok");
                var where = group.Key.Harness == "inproc" ? "in one process" : "test host";
                text.AppendLine($"- {where}, {group.Key.Variant}: {(ok == group.Count() ? "ok" : "**FAIL**")} in {ok} of {group.Count()} processes: {group.Key.Text}");
            }

            foreach (var harness in rows.Where(r => r[0] == "result").GroupBy(r => r[1]))
            {
                var differing = harness.GroupBy(r => r[3]).Where(w => w.Select(r => r[5]).Distinct().Count() > 1).Select(w => w.Key).ToList();
                var where = harness.Key == "inproc" ? "in one process" : "test host";
                text.AppendLine(differing.Count == 0
                    ? $"- {where}: every variant's passes computed the same results, workload by workload."
                    : $"- {where}: **results differ between variants** in {string.Join(", ", differing)}.");
            }

            text.AppendLine();
        }

        // One dictionary per (process, round): variant to time, for one workload or the total of all.
        private static List<Dictionary<string, double>> Runs(List<Time> times, string workload, bool cpu)
        {
            var count = times.Select(t => t.Workload).Distinct().Count();
            return times.Where(t => workload == Total || t.Workload == workload)
                .GroupBy(t => (t.Process, t.Round))
                .Select(g => g.GroupBy(t => t.Variant)
                    .Where(v => workload != Total || v.Count() == count)
                    .ToDictionary(v => v.Key, v => v.Sum(t => cpu ? t.Cpu : t.Wall)))
                .ToList();
        }

        private static void Header(StringBuilder text, IEnumerable<string> titles)
        {
            var list = titles.ToList();
            text.AppendLine($"| workload | {string.Join(" | ", list)} |");
            text.AppendLine($"| --- |{string.Concat(list.Select(_ => " ---: |"))}");
        }

        private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + " ms";

        private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

        private static double Double(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }
}
