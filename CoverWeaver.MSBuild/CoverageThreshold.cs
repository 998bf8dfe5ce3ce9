using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// <c>-p:CoverWeaveThreshold</c>: the line coverage below which a test run fails. <c>total</c>
    /// compares the whole run's figure; <c>minimum</c> every assembly's and every module's;
    /// <c>average</c> the mean of the assemblies' figures.
    /// </summary>
    internal sealed class CoverageThreshold
    {
        private CoverageThreshold(double percent, string stat)
        {
            Percent = percent;
            Stat = stat;
        }

        public double Percent { get; }

        public string Stat { get; }

        /// <summary>The threshold asked for, or null when none was.</summary>
        /// <exception cref="ArgumentException">The percentage or the statistic is not one this understands.</exception>
        public static CoverageThreshold? Parse(string? percent, string? stat)
        {
            if (string.IsNullOrWhiteSpace(percent))
            {
                return null;
            }

            if (!double.TryParse(percent!.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 100)
            {
                throw new ArgumentException($"CoverWeaveThreshold is '{percent}'; give a percentage from 0 to 100, e.g. -p:CoverWeaveThreshold=80.");
            }

            var name = string.IsNullOrWhiteSpace(stat) ? "total" : stat!.Trim().ToLowerInvariant();
            if (name != "total" && name != "minimum" && name != "average")
            {
                throw new ArgumentException($"CoverWeaveThresholdStat is '{stat}'; give total, minimum or average.");
            }

            return new CoverageThreshold(value, name);
        }

        /// <summary>Each figure below the threshold, as a sentence naming it; empty when the run passes.</summary>
        public List<string> Failures(CoverageSummary summary)
        {
            var failures = new List<string>();
            switch (Stat)
            {
                case "minimum":
                    foreach (var row in summary.Assemblies.Concat(summary.Modules).Where(r => r.Percent < Percent))
                    {
                        failures.Add($"line coverage of {row.Name} is {Figure(row.Percent)}% ({row.Covered}/{row.Total}), below the threshold of {Figure(Percent)}%.");
                    }

                    break;
                case "average":
                    var average = summary.Assemblies.Count == 0 ? 100 : summary.Assemblies.Average(r => r.Percent);
                    if (average < Percent)
                    {
                        failures.Add($"average line coverage of the assemblies is {Figure(average)}%, below the threshold of {Figure(Percent)}%: " +
                                     string.Join(", ", summary.Assemblies.Select(r => $"{r.Assembly} {Figure(r.Percent)}%")) + ".");
                    }

                    break;
                default:
                    if (summary.Total.Percent < Percent)
                    {
                        failures.Add($"total line coverage is {Figure(summary.Total.Percent)}% ({summary.Total.Covered}/{summary.Total.Total}), below the threshold of {Figure(Percent)}%: " +
                                     string.Join(", ", summary.Assemblies.Select(r => $"{r.Assembly} {Figure(r.Percent)}%")) + ".");
                    }

                    break;
            }

            return failures;
        }

        private static string Figure(double percent) => percent.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
