using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace CoverWeaver.TestingPlatform
{
    /// <summary>
    /// What the collector wrote to its result file (<c>key=value</c> lines): whether the run is
    /// complete, its total, the reports, and the threshold's failures.
    /// </summary>
    internal sealed class CollectorResult
    {
        public bool Complete { get; private set; }

        /// <summary>Covered and total distinct lines of the whole run, when complete.</summary>
        public (long Covered, long Total)? Total { get; private set; }

        public List<string> Reports { get; } = new List<string>();

        /// <summary>The threshold asked for: its percentage and statistic (<c>total</c>, <c>minimum</c>, <c>average</c>).</summary>
        public (double Percent, string Stat)? Threshold { get; private set; }

        /// <summary>Each figure below the threshold: <c>total</c>, <c>average</c>, <c>assembly</c> or <c>module</c>, its percentage and name.</summary>
        public List<(string Kind, double Percent, string Name)> Failures { get; } = new List<(string, double, string)>();

        /// <summary>Reads the file; a missing or unreadable one is an empty result.</summary>
        public static CollectorResult Read(string path)
        {
            var result = new CollectorResult();
            if (!File.Exists(path))
            {
                return result;
            }

            foreach (var line in File.ReadAllLines(path))
            {
                var equals = line.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                var value = line.Substring(equals + 1);
                var parts = value.Split('|');
                switch (line.Substring(0, equals))
                {
                    case "complete":
                        result.Complete = value == "true";
                        break;
                    case "total":
                        var slash = value.IndexOf('/');
                        result.Total = (long.Parse(value.Substring(0, slash), CultureInfo.InvariantCulture), long.Parse(value.Substring(slash + 1), CultureInfo.InvariantCulture));
                        break;
                    case "report":
                        result.Reports.Add(value);
                        break;
                    case "threshold" when parts.Length == 2:
                        result.Threshold = (Number(parts[0]), parts[1]);
                        break;
                    case "failure" when parts.Length >= 3:
                        result.Failures.Add((parts[0], Number(parts[1]), string.Join("|", parts, 2, parts.Length - 2)));
                        break;
                }
            }

            return result;
        }

        private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
