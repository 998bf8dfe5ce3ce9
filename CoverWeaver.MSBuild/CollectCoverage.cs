using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CoverWeaver.Analyses;
using CoverWeaver.Data;
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
                var formats = ReportFormats.Parse(Formats);
                var threshold = CoverageThreshold.Parse(Threshold, ThresholdStat);
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

        private bool Report(TestRunData run, IReadOnlyList<ReportFormat> formats, CoverageThreshold? threshold)
        {
            var (modules, parts) = run.Sum();
            var missing = ExpectedParts.Of(SolutionPath, ProjectPath);
            missing.ExceptWith(parts.Select(Path.GetFileNameWithoutExtension)!);
            var output = Path.GetFullPath(OutputDirectory);
            Directory.CreateDirectory(output);
            var written = new List<string>();
            foreach (var format in formats)
            {
                written.Add(format.Write(modules, output));
            }

            // The summary and the threshold are for the whole run: they wait for the last test project.
            if (missing.Count > 0)
            {
                Log.LogMessage(MessageImportance.Normal, $"CoverWeaver: {parts.Count} test project run(s) collected; the summary follows when {string.Join(", ", missing)} ha{(missing.Count == 1 ? "s" : "ve")} run.");
                return true;
            }

            var summary = CoverageSummary.Of(modules);
            Log.LogMessage(MessageImportance.High, summary.Table(parts.Count));
            Log.LogMessage(MessageImportance.High, "CoverWeaver: reports in " + output + ": " + string.Join(", ", written.Select(Path.GetFileName)));

            if (threshold == null)
            {
                return true;
            }

            var failures = threshold.Failures(summary);
            foreach (var failure in failures)
            {
                Log.LogError($"CoverWeaver: {failure}");
            }

            return failures.Count == 0;
        }
    }
}
