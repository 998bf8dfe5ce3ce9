using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CoverWeaver.Reports;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// Runs after a test project's tests: sums the counter files its test hosts left into the
    /// command's session, sums the session, writes the reports asked for and prints the summary.
    /// A bad input is a build error naming it; the task never throws into MSBuild.
    /// </summary>
    public sealed class CollectCoverage : Task
    {
        /// <summary>Where this test project's hosts kept their counter files.</summary>
        [Required]
        public string CountersDirectory { get; set; } = "";

        /// <summary>Where every test project of this command saves its part.</summary>
        [Required]
        public string SessionDirectory { get; set; } = "";

        /// <summary>The test project's file.</summary>
        [Required]
        public string ProjectPath { get; set; } = "";

        /// <summary>The target framework this run of the project's tests is for.</summary>
        [Required]
        public string TargetFramework { get; set; } = "";

        /// <summary>The solution the command runs, if any: its other test projects' parts are waited for.</summary>
        public string SolutionPath { get; set; } = "";

        /// <summary>Where the reports go.</summary>
        [Required]
        public string OutputDirectory { get; set; } = "";

        /// <summary>Report formats, separated by commas or semicolons.</summary>
        public string Formats { get; set; } = "";

        /// <summary>The line coverage, in percent, below which the build fails; empty for none.</summary>
        public string Threshold { get; set; } = "";

        /// <summary>What the threshold applies to: total, minimum or average.</summary>
        public string ThresholdStat { get; set; } = "total";

        /// <inheritdoc />
        public override bool Execute()
        {
            try
            {
                var formats = ParseFormats();
                var threshold = ParseThreshold();
                var run = new TestRunData(SessionDirectory);
                var part = ExpectedParts.PartName(Path.GetFileNameWithoutExtension(ProjectPath), TargetFramework);
                var saved = run.SavePart(CountersDirectory, part);
                if (saved == 0)
                {
                    Log.LogMessage(MessageImportance.High, $"CoverWeaver: the tests of {part} ran no woven code (the code under test is woven when its project references the CoverWeaver.Fody package and has a FodyWeavers.xml).");
                }

                return run.Locked(() => Report(run, formats, threshold), TimeSpan.FromMinutes(2));
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is ArgumentException || e is UnauthorizedAccessException)
            {
                Log.LogError($"CoverWeaver: {e.Message}");
                return false;
            }
        }

        private bool Report(TestRunData run, IReadOnlyList<ReportFormat> formats, (double Percent, ThresholdStat Stat)? threshold)
        {
            var (modules, parts) = run.Sum();
            var missing = ExpectedParts.Of(SolutionPath, ProjectPath);
            missing.ExceptWith(parts.Select(Path.GetFileNameWithoutExtension)!);
            var output = Path.GetFullPath(OutputDirectory);
            var now = DateTimeOffset.Now;
            var written = formats.Select(format => format.Write(modules, output, now)).ToList();

            // The summary and the threshold are for the whole run: they wait for the last test project.
            if (missing.Count > 0)
            {
                Log.LogMessage(MessageImportance.Normal, $"CoverWeaver: {parts.Count} test project run(s) collected; the summary follows when {string.Join(", ", missing)} ha{(missing.Count == 1 ? "s" : "ve")} run.");
                return true;
            }

            Log.LogMessage(MessageImportance.High, $"CoverWeaver: line coverage of {parts.Count} test project run(s), distinct executable source lines:\n" + TextSummary.Write(modules).TrimEnd());
            Log.LogMessage(MessageImportance.High, "CoverWeaver: reports in " + output + ": " + string.Join(", ", written.Select(path => Relative(output, path))));
            if (threshold == null)
            {
                return true;
            }

            var failures = Reports.Threshold.Check(modules, threshold.Value.Percent, threshold.Value.Stat);
            foreach (var failure in failures)
            {
                Log.LogError($"CoverWeaver: {failure} is below the threshold of {threshold.Value.Percent.ToString("0.##", CultureInfo.InvariantCulture)}% (-p:CoverWeaveThreshold, {threshold.Value.Stat.ToString().ToLowerInvariant()}).");
            }

            return failures.Count == 0;
        }

        private IReadOnlyList<ReportFormat> ParseFormats()
        {
            try
            {
                return ReportFormats.Parse(Formats, withExport: true);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException("CoverWeaveFormats: " + e.Message + " Separate several with commas or semicolons, quoted: \"-p:CoverWeaveFormats=\\\"cobertura,html\\\"\".", e);
            }
        }

        private (double Percent, ThresholdStat Stat)? ParseThreshold()
        {
            if (string.IsNullOrWhiteSpace(Threshold))
            {
                return null;
            }

            if (!double.TryParse(Threshold.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent < 0 || percent > 100)
            {
                throw new ArgumentException($"CoverWeaveThreshold is '{Threshold}'; give a percentage from 0 to 100, e.g. -p:CoverWeaveThreshold=80.");
            }

            try
            {
                return (percent, Reports.Threshold.ParseStat(string.IsNullOrWhiteSpace(ThresholdStat) ? "total" : ThresholdStat));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException("CoverWeaveThresholdStat: " + e.Message, e);
            }
        }

        private static string Relative(string directory, string path) => Path.GetRelativePath(directory, path);
    }
}
