using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace CoverWeaver.Bench.Calls.Runner
{
    /// <summary>
    /// How much machine code the hot methods end up with in each variant, read from the JIT's own
    /// summary (<c>DOTNET_JitDisasmSummary=1</c>) of a process that ran one variant until tiering
    /// settled. A method's size is that of its last fully optimized compilation (Tier1; an on-stack
    /// replacement body only where the method never got a whole Tier1 one); code the JIT inlined
    /// is counted inside its caller, as it runs.
    /// </summary>
    internal static class CodeSize
    {
        private const string HotNamespace = "CoverWeaver.Bench.Calls.Hot.";

        private static readonly Regex Line = new Regex(
            @"JIT compiled (?<method>\S.*?) \[(?<tier>[^,\]]+?)(?: @0x[0-9a-f]+)?(?: with [^,\]]+)?, IL size=(?<il>\d+), code size=(?<code>\d+)",
            RegexOptions.CultureInvariant);

        /// <summary>The Markdown table: hot types, bytes per variant, ratios to the first (uninstrumented) one.</summary>
        public static string Markdown(IReadOnlyList<(string Variant, string SummaryPath)> summaries)
        {
            var sizes = summaries.Select(s => (s.Variant, Methods: Read(s.SummaryPath))).ToList();
            var plain = sizes[0].Methods;
            var types = sizes.SelectMany(s => s.Methods.Keys).Select(TypeOf).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
            var text = new StringBuilder();
            text.Append("| hot type | ").Append(string.Join(" | ", sizes.Select(s => s.Variant))).AppendLine(" |");
            text.Append("| --- |").Append(string.Concat(sizes.Select(_ => " ---: |"))).AppendLine();
            foreach (var type in types)
            {
                var plainBytes = Bytes(plain, type);
                text.Append("| ").Append(type.Substring(HotNamespace.Length)).Append(" | ");
                text.Append(string.Join(" | ", sizes.Select((s, i) => Cell(Bytes(s.Methods, type), plainBytes, i == 0))));
                text.AppendLine(" |");
            }

            var plainTotal = plain.Values.Sum();
            text.Append("| **total** | ");
            text.Append(string.Join(" | ", sizes.Select((s, i) => Cell(s.Methods.Values.Sum(), plainTotal, i == 0))));
            text.AppendLine(" |");
            text.AppendLine();
            foreach (var (variant, methods) in sizes.Skip(1))
            {
                var ratios = methods.Where(m => plain.ContainsKey(m.Key) && plain[m.Key] > 0)
                    .Select(m => (Method: m.Key, Ratio: (double)m.Value / plain[m.Key]))
                    .OrderByDescending(m => m.Ratio)
                    .ToList();
                if (ratios.Count == 0)
                {
                    continue;
                }

                var median = Stats.Median(ratios.Select(r => r.Ratio));
                var top = ratios[0];
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"- {variant}: methods compiled in both, per method: median {median:F2}x, largest {top.Ratio:F2}x ({top.Method.Substring(HotNamespace.Length)}, {plain[top.Method]} -> {methods[top.Method]} bytes); {ratios.Count} methods."));
            }

            return text.ToString();
        }

        /// <summary>Each hot method's code size in bytes, from one process's JIT summary.</summary>
        public static Dictionary<string, int> Read(string summaryPath)
        {
            var tier1 = new Dictionary<string, int>(StringComparer.Ordinal);
            var osr = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(summaryPath))
            {
                var match = Line.Match(line);
                if (!match.Success || !match.Groups["method"].Value.StartsWith(HotNamespace, StringComparison.Ordinal))
                {
                    continue;
                }

                var tier = match.Groups["tier"].Value;
                var code = int.Parse(match.Groups["code"].Value, CultureInfo.InvariantCulture);
                if (tier == "Tier1")
                {
                    tier1[match.Groups["method"].Value] = code;
                }
                else if (tier == "Tier1-OSR")
                {
                    osr[match.Groups["method"].Value] = code;
                }
            }

            foreach (var (method, code) in osr)
            {
                tier1.TryAdd(method, code);
            }

            if (tier1.Count == 0)
            {
                throw new InvalidDataException($"{summaryPath} names no optimized hot method: was it written with DOTNET_JitDisasmSummary=1 by `jit`?");
            }

            return tier1;
        }

        // "CoverWeaver.Bench.Calls.Hot.Lexer:Next()" and "...Hot.SalesReport+<>c:<Pass>b__2_0(...)" -> the outer type.
        private static string TypeOf(string method)
        {
            var type = method.Substring(0, method.IndexOf(':', StringComparison.Ordinal));
            var nested = type.IndexOf('+', StringComparison.Ordinal);
            return nested < 0 ? type : type.Substring(0, nested);
        }

        private static int Bytes(Dictionary<string, int> methods, string type) =>
            methods.Where(m => TypeOf(m.Key) == type).Sum(m => m.Value);

        private static string Cell(int bytes, int plainBytes, bool isPlain)
        {
            if (isPlain || plainBytes == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B");
            }

            return string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} B ({(double)bytes / plainBytes:F2}x)");
        }
    }
}
