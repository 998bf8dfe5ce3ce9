using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CoverWeaver.Bench.Calls.Harness;

namespace CoverWeaver.Bench.Calls.Runner
{
    internal static class Program
    {
        private const string Usage =
            "usage:\n" +
            "  run <rows.tsv> <process> <rounds> <warm-up rounds> <variant>=<assembly path>...\n" +
            "  check-file coverlet|mscov <rows.tsv> <process> <coverage file>\n" +
            "  jit <variant>=<assembly path>   (runs one variant until tiering settles; for DOTNET_JitDisasmSummary)\n" +
            "  code-size <variant>=<JIT summary>...   (the first uninstrumented)\n" +
            "  report <rows.tsv>";

        private static int Main(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            try
            {
                switch (args.FirstOrDefault())
                {
                    case "run" when args.Length >= 6:
                        Run(args[1], Int(args[2]), Int(args[3]), Int(args[4]), args.Skip(5).ToList());
                        return 0;
                    case "check-file" when args.Length == 5:
                        var verdict = PeerOutput.Check(args[1], args[4]);
                        new Tsv(args[2], "host", Int(args[3])).Check(args[1], verdict.Ok, verdict.Text);
                        Console.WriteLine($"{args[1]}: {(verdict.Ok ? "ok" : "FAIL")}: {verdict.Text}");
                        return 0;
                    case "jit" when args.Length == 2:
                        Settle(args[1]);
                        return 0;
                    case "code-size" when args.Length >= 3:
                        Console.Write(CodeSize.Markdown(args.Skip(1).Select(Pair).ToList()));
                        return 0;
                    case "report" when args.Length == 2:
                        Console.Write(Report.Markdown(File.ReadAllLines(args[1])));
                        return 0;
                    default:
                        Console.Error.WriteLine(Usage);
                        return 2;
                }
            }
            catch (Exception e) when (e is ArgumentException or IOException or FormatException or InvalidDataException)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return 1;
            }
        }

        // All variants in this one process, so that each pair of runs being compared is seconds apart at most.
        private static void Run(string rows, int process, int rounds, int warmUp, IReadOnlyList<string> specs)
        {
            var variants = specs.Select(Load).ToList();
            if (variants[0].Name != "plain")
            {
                throw new ArgumentException("The first variant must be plain: every ratio is to it.");
            }

            var tsv = new Tsv(rows, "inproc", process);
            Rounds.Run(variants, warmUp, rounds, rotation: process, tsv);

            var verdicts = new Dictionary<string, Verdict>();
            foreach (var variant in variants)
            {
                var verdict = verdicts[variant.Name] = Collected.Check(variant);
                tsv.Check(variant.Name, verdict.Ok, verdict.Text);
                Console.WriteLine($"process {process}, {variant.Name}: {(verdict.Ok ? "ok" : "FAIL")}: {verdict.Text}");
            }

            if (verdicts.TryGetValue("count", out var count) && verdicts.TryGetValue("set", out var set))
            {
                var same = count.CoveredLines.SetEquals(set.CoveredLines);
                tsv.Check("set", same, same ? "ran the same lines as count mode" : $"ran {set.CoveredLines.Count} lines where count mode ran {count.CoveredLines.Count}");
            }
        }

        // One variant alone in its process, run as the timed harness runs it until the JIT has settled,
        // so that the process's JIT summary lists the code each hot method ends up with.
        private static void Settle(string spec)
        {
            var variant = Load(spec);
            var rows = Path.GetTempFileName();
            try
            {
                Rounds.Run(new[] { variant }, minWarmUpRounds: 4, rounds: 1, rotation: 0, new Tsv(rows, "jit", 0));
            }
            finally
            {
                File.Delete(rows);
            }
        }

        private static Variant Load(string spec)
        {
            var (name, path) = Pair(spec);
            return Variant.Load(name, path);
        }

        private static (string Name, string Path) Pair(string spec)
        {
            var split = spec.IndexOf('=');
            if (split <= 0)
            {
                throw new ArgumentException($"'{spec}' is not <variant>=<path>.");
            }

            return (spec[..split], spec[(split + 1)..]);
        }

        private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
