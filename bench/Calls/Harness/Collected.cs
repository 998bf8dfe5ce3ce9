using System;
using System.Collections.Generic;
using System.Linq;

namespace CoverWeaver.Bench.Calls.Harness
{
    /// <summary>What one variant's check found: whether it collected what it should, said in words, and the lines it saw run.</summary>
    public sealed record Verdict(bool Ok, string Text, IReadOnlySet<string> CoveredLines);

    /// <summary>
    /// Checks, after the timed rounds, that each variant really is what its name says: a ratio means
    /// nothing if the woven copy did not count, or the plain copy was woven. Resets the counters and
    /// runs every workload's pass once more, so a check sees one pass exactly.
    /// </summary>
    public static class Collected
    {
        private const string HotNamespace = "CoverWeaver.Bench.Calls.Hot";
        private const string RecursionModule = HotNamespace + ".Recursion";

        public static Verdict Check(Variant variant)
        {
            return Kind(variant.Name) switch
            {
                "plain" or "again" => NotWoven(variant),
                "cold" => HotCodeUnprobed(variant),
                "count" or "set" => Counted(variant),
                "coverlet" => InstrumentedByCoverlet(variant),
                "mscov" => UnderMicrosoftCollector(variant),
                _ => throw new ArgumentException($"Unknown variant '{variant.Name}': expected plain, again, cold, count, set, coverlet or mscov."),
            };
        }

        /// <summary>
        /// What a variant is: its name up to an underscore, so that builds of the same kind from two
        /// versions of the weaver (count and count_before) can run side by side and be checked alike.
        /// </summary>
        public static string Kind(string name) => name.Split('_')[0];

        private static Verdict NotWoven(Variant variant)
        {
            var references = variant.Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
            var woven = references.Contains("CoverWeaver");
            return new Verdict(!woven, woven ? "references the CoverWeaver runtime: it was woven" : "no reference to the CoverWeaver runtime", Empty);
        }

        private static Verdict HotCodeUnprobed(Variant variant)
        {
            var modules = Rows(variant, Level.Module).Select(r => r.Module).ToList();
            var ok = modules.SequenceEqual(new[] { "CoverWeaver.Bench.Calls.Catalog" });
            return new Verdict(ok, "woven modules: " + string.Join(", ", modules) + (ok ? " (the hot namespace has no probes)" : " (expected only the catalog)"), Empty);
        }

        private static Verdict Counted(Variant variant)
        {
            var set = Kind(variant.Name) == "set";
            Cover.Reset();
            foreach (var workload in variant.Workloads.Where(w => w.Threads == 1))
            {
                workload.Pass();
            }

            var lines = Rows(variant, Level.Line).Where(r => r.Module.StartsWith(HotNamespace, StringComparison.Ordinal)).ToList();
            var covered = lines.Where(r => r.Covered > 0).Select(r => r.Module + ":" + r.Line).ToHashSet();
            var fib = Rows(variant, Level.Function).Single(r => r.Module == RecursionModule && r.Function == "Fib");
            var depth = (int)variant.Assembly.GetType(RecursionModule, throwOnError: true)!.GetField("Depth")!.GetValue(null)!;
            var expected = set ? 1 : FibEntries(depth);
            var mode = set ? Counting.Set : Counting.Count;
            var wrongMode = lines.Count(r => r.Counting != mode);
            var overOne = set ? lines.Count(r => r.Calls > 1) : 0;
            var ok = covered.Count > 0 && fib.Calls == expected && wrongMode == 0 && overOne == 0;
            var text = $"{mode} mode: {covered.Count} of {lines.Count} hot lines ran in one pass of each workload; Fib's entries: {fib.Calls:N0} (expected {expected:N0})";
            if (wrongMode > 0 || overOne > 0)
            {
                text += $"; {wrongMode} lines in another mode, {overOne} set-mode lines above 1";
            }

            return new Verdict(ok, text, covered);
        }

        private static Verdict InstrumentedByCoverlet(Variant variant)
        {
            // coverlet adds its hit tracker to the module it instruments (coverlet.json says what was hit).
            var trackers = variant.Assembly.GetTypes().Count(t => t.FullName?.StartsWith("Coverlet.Core.Instrumentation.Tracker.", StringComparison.Ordinal) == true);
            return new Verdict(trackers > 0, trackers > 0 ? "instrumented by coverlet (its hit tracker is in the workload assembly)" : "no coverlet tracker in the workload assembly: not instrumented", Empty);
        }

        private static Verdict UnderMicrosoftCollector(Variant variant)
        {
            // The collector's profiler is loaded through these variables; what it hit is in its report.
            var profiling = Environment.GetEnvironmentVariable("CORECLR_ENABLE_PROFILING");
            var profiler = Environment.GetEnvironmentVariable("CORECLR_PROFILER_PATH") ?? Environment.GetEnvironmentVariable("CORECLR_PROFILER_PATH_64");
            var ok = profiling == "1" && !string.IsNullOrEmpty(profiler);
            // JIT settings the collector may have set for the test host (none is what we hope).
            var knobs = new[] { "Tiered", "TC_", "ReadyToRun", "Jit", "ZapDisable", "OSR" };
            var settings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
                .Where(k => new[] { "DOTNET_", "COMPlus_" }.Any(prefix => k.StartsWith(prefix, StringComparison.Ordinal) && knobs.Any(knob => k.AsSpan(prefix.Length).StartsWith(knob, StringComparison.OrdinalIgnoreCase))))
                .OrderBy(k => k, StringComparer.Ordinal).Select(k => k + "=" + Environment.GetEnvironmentVariable(k)).ToList();
            var text = ok ? "profiler loaded: " + System.IO.Path.GetFileName(profiler) : "no profiler in this process (CORECLR_ENABLE_PROFILING is not 1)";
            return new Verdict(ok, text + "; JIT settings in the environment: " + (settings.Count == 0 ? "none" : string.Join(", ", settings)), Empty);
        }

        private static List<CoverRow> Rows(Variant variant, Level level)
        {
            var assembly = variant.Assembly.GetName().Name;
            return Cover.Analyse(Analysis.Calls, level).Where(r => r.Assembly == assembly).ToList();
        }

        // Fib(n) is entered once, plus the entries of Fib(n-1) and Fib(n-2) when n >= 2.
        private static long FibEntries(int n)
        {
            long previous = 1, current = 1; // entries for n = 0 and n = 1
            for (var i = 2; i <= n; i++)
            {
                (previous, current) = (current, 1 + current + previous);
            }

            return current;
        }

        private static readonly IReadOnlySet<string> Empty = new HashSet<string>();
    }
}
