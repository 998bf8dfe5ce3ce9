using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CoverWeaver.Data;

namespace CoverWeaver.Reports
{
    /// <summary>What a threshold is compared with (<c>-p:CoverWeaveThresholdStat</c>).</summary>
    internal enum ThresholdStat
    {
        /// <summary>The overall line percentage: every distinct source line once.</summary>
        Total,

        /// <summary>Every assembly and every module on its own.</summary>
        Minimum,

        /// <summary>The mean of the assemblies' percentages, each assembly weighing the same whatever its size.</summary>
        Average,
    }

    /// <summary>One figure below the threshold: what it is (<c>total</c>, <c>average</c>, an assembly or a module) and its percentage.</summary>
    internal readonly struct ThresholdFailure
    {
        public ThresholdFailure(string kind, string name, double percent)
        {
            Kind = kind;
            Name = name;
            Percent = percent;
        }

        /// <summary><c>total</c>, <c>average</c>, <c>assembly</c> or <c>module</c>.</summary>
        public string Kind { get; }

        /// <summary>The assembly's name, the module's (<c>Type, Assembly</c>), or empty for total and average.</summary>
        public string Name { get; }

        /// <summary>The exact percentage that fell short.</summary>
        public double Percent { get; }

        public override string ToString()
        {
            var figure = Percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";
            return Name.Length == 0 ? $"{Kind} line coverage {figure}" : $"{Kind} {Name}: line coverage {figure}";
        }
    }

    /// <summary>
    /// The threshold check: which figures fall below a percentage. Figures are exact (never the
    /// rounded ones printed), so 79.99 % fails a threshold of 80. Something with no executable lines
    /// has no percentage and neither passes nor fails: it is left out of minimum and average (so
    /// nothing at all is never a failure). Modules are named qualified, <c>Type, Assembly</c>, so a
    /// failure message is never ambiguous.
    /// </summary>
    internal static class Threshold
    {
        public static IReadOnlyList<ThresholdFailure> Check(IEnumerable<ModuleSnapshot> snapshots, double threshold, ThresholdStat stat)
        {
            if (double.IsNaN(threshold) || threshold < 0 || threshold > 100)
            {
                throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A threshold is a percentage from 0 to 100.");
            }

            var figures = LineFigures.Of(snapshots);
            var failures = new List<ThresholdFailure>();
            switch (stat)
            {
                case ThresholdStat.Total:
                    if (figures.Total.Percent < threshold)
                    {
                        failures.Add(new ThresholdFailure("total", "", figures.Total.Percent.Value));
                    }

                    break;
                case ThresholdStat.Minimum:
                    foreach (var assembly in figures.Assemblies)
                    {
                        if (assembly.Lines.Percent < threshold)
                        {
                            failures.Add(new ThresholdFailure("assembly", assembly.Name, assembly.Lines.Percent.Value));
                        }

                        foreach (var module in assembly.Modules.Where(m => m.Lines.Percent < threshold))
                        {
                            failures.Add(new ThresholdFailure("module", module.Id.Qualified, module.Lines.Percent!.Value));
                        }
                    }

                    break;
                case ThresholdStat.Average:
                    var percents = figures.Assemblies.Where(a => a.Lines.Percent.HasValue).Select(a => a.Lines.Percent!.Value).ToList();
                    if (percents.Count > 0 && percents.Average() < threshold)
                    {
                        failures.Add(new ThresholdFailure("average", "", percents.Average()));
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(stat), stat, null);
            }

            return failures;
        }

        /// <summary>Reads <c>total</c>, <c>minimum</c> or <c>average</c> (any case), naming the three when it is none of them.</summary>
        public static ThresholdStat ParseStat(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "total": return ThresholdStat.Total;
                case "minimum": return ThresholdStat.Minimum;
                case "average": return ThresholdStat.Average;
                default: throw new ArgumentException($"Unknown threshold statistic '{text}': use total, minimum or average.", nameof(text));
            }
        }
    }
}
