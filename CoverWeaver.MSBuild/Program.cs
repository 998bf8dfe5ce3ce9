using System;
using System.Globalization;
using System.IO;
using System.Text;
using CoverWeaver.Data;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// The collector process a Microsoft.Testing.Platform test app starts when its tests are done
    /// (<c>dotnet CoverWeaver.MSBuild.dll collect &lt;settings&gt; &lt;session&gt; &lt;result&gt; command|alone</c>): the
    /// same end-of-run work as the MSBuild task after a VSTest project, out of the woven process.
    /// Messages go to stdout (errors to stderr), which the test app shows; what it reports to the
    /// platform (the total, the reports, the threshold's verdict) goes to the result file as
    /// <c>key=value</c> lines. Exit code 0 when nothing failed, 2 when a figure is
    /// below the threshold, 1 on bad input.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length != 5 || args[0] != "collect" || (args[4] != "command" && args[4] != "alone"))
            {
                Console.Error.WriteLine("CoverWeaver: the collector is started by a test app as: collect <coverweaver.settings> <session id> <result file> command|alone.");
                return 1;
            }

            CollectOutcome outcome;
            try
            {
                outcome = TestRunCollector.Collect(CollectSettings.Read(args[1], args[2], alone: args[4] == "alone"));
            }
            catch (Exception e) when (e is IOException || e is ArgumentException || e is UnauthorizedAccessException)
            {
                outcome = new CollectOutcome();
                outcome.Add(CollectMessageKind.Error, "CoverWeaver: " + e.Message);
            }

            foreach (var (kind, text) in outcome.Messages)
            {
                (kind == CollectMessageKind.Error ? Console.Error : Console.Out).WriteLine(text);
            }

            AtomicFile.WriteAllBytes(args[3], new UTF8Encoding(false).GetBytes(Result(outcome)));
            return outcome.Failures.Count > 0 ? 2 : outcome.Succeeded ? 0 : 1;
        }

        /// <summary>The outcome as the test app's extension reads it: one <c>key=value</c> a line.</summary>
        internal static string Result(CollectOutcome outcome)
        {
            var text = new StringBuilder();
            void Line(string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');
            string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

            Line("complete", outcome.Complete ? "true" : "false");
            if (outcome.Total is { } total)
            {
                Line("total", total.Covered.ToString(CultureInfo.InvariantCulture) + "/" + total.Total.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var report in outcome.Reports)
            {
                Line("report", report);
            }

            if (outcome.Threshold is { } threshold)
            {
                Line("threshold", Number(threshold.Percent) + "|" + threshold.Stat.ToString().ToLowerInvariant());
            }

            foreach (var failure in outcome.Failures)
            {
                Line("failure", failure.Kind + "|" + Number(failure.Percent) + "|" + failure.Name);
            }

            return text.ToString();
        }
    }
}
