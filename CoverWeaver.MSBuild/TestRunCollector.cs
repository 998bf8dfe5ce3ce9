using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CoverWeaver.Reports;

namespace CoverWeaver.MSBuild
{
    /// <summary>What one test project's run hands to the end-of-run work, as the build wrote it down.</summary>
    internal sealed class CollectRequest
    {
        /// <summary>Where this test project's hosts kept their counter files.</summary>
        public string CountersDirectory { get; set; } = "";

        /// <summary>Where every test project of this command saves its part.</summary>
        public string SessionDirectory { get; set; } = "";

        /// <summary>The test project's file.</summary>
        public string ProjectPath { get; set; } = "";

        /// <summary>The target framework this run of the project's tests is for.</summary>
        public string TargetFramework { get; set; } = "";

        /// <summary>The solution the command runs, if any: its other test projects' parts are waited for.</summary>
        public string SolutionPath { get; set; } = "";

        /// <summary>Where the reports go.</summary>
        public string OutputDirectory { get; set; } = "";

        /// <summary>Report formats, separated by commas or semicolons.</summary>
        public string Formats { get; set; } = "";

        /// <summary>The line coverage, in percent, below which the run fails; empty for none.</summary>
        public string Threshold { get; set; } = "";

        /// <summary>What the threshold applies to: total, minimum or average.</summary>
        public string ThresholdStat { get; set; } = "total";

        /// <summary>The test project ran by itself, not as part of a command: no other part is waited for.</summary>
        public bool Alone { get; set; }
    }

    /// <summary>How a message of the end-of-run work is meant: for the summary, for detail, or an error.</summary>
    internal enum CollectMessageKind
    {
        /// <summary>Always shown: the summary, where the reports are, a test project that ran no woven code.</summary>
        Summary,

        /// <summary>Shown at normal verbosity: progress while other test projects are still to run.</summary>
        Detail,

        /// <summary>The run fails: bad input, or a figure below the threshold.</summary>
        Error,
    }

    /// <summary>What the end-of-run work did for one test project's run.</summary>
    internal sealed class CollectOutcome
    {
        public List<(CollectMessageKind Kind, string Text)> Messages { get; } = new List<(CollectMessageKind, string)>();

        /// <summary>Every expected test project has saved its part: the summary and the threshold were judged.</summary>
        public bool Complete { get; set; }

        /// <summary>The whole run's distinct lines, covered and all (set when <see cref="Complete"/>).</summary>
        public Figure? Total { get; set; }

        /// <summary>The report files written (the HTML report's index).</summary>
        public List<string> Reports { get; } = new List<string>();

        /// <summary>The threshold asked for, if any.</summary>
        public (double Percent, ThresholdStat Stat)? Threshold { get; set; }

        /// <summary>The figures below the threshold (judged only when <see cref="Complete"/>).</summary>
        public List<ThresholdFailure> Failures { get; } = new List<ThresholdFailure>();

        /// <summary>True when nothing failed: no bad input, no figure below the threshold.</summary>
        public bool Succeeded => Messages.All(m => m.Kind != CollectMessageKind.Error);

        public void Add(CollectMessageKind kind, string text) => Messages.Add((kind, text));
    }

    /// <summary>
    /// The end-of-run work of <c>dotnet test -p:CoverWeave=true</c>, the same whichever runs it (the
    /// MSBuild task after a VSTest project, the collector process a Microsoft.Testing.Platform test
    /// app starts): sums the counter files one test project's hosts left into the command's session,
    /// writes the reports from every part saved so far, and once every expected test project has
    /// saved its part, gives the summary and judges the threshold. Never runs in a woven process.
    /// A bad input is an error message naming it; nothing is thrown.
    /// </summary>
    internal static class TestRunCollector
    {
        public static CollectOutcome Collect(CollectRequest request)
        {
            var outcome = new CollectOutcome();
            try
            {
                var formats = ParseFormats(request.Formats);
                outcome.Threshold = ParseThreshold(request.Threshold, request.ThresholdStat);
                var run = new TestRunData(request.SessionDirectory);
                var part = ExpectedParts.PartName(Path.GetFileNameWithoutExtension(request.ProjectPath), request.TargetFramework);
                if (run.SavePart(request.CountersDirectory, part) == 0)
                {
                    outcome.Add(CollectMessageKind.Summary, $"CoverWeaver: the tests of {part} ran no woven code (the code under test is woven when its project references the CoverWeaver.Fody package and has a FodyWeavers.xml).");
                }

                run.Locked(() => Report(run, request, formats, outcome), TimeSpan.FromMinutes(2));
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is ArgumentException || e is UnauthorizedAccessException)
            {
                outcome.Add(CollectMessageKind.Error, $"CoverWeaver: {e.Message}");
            }

            return outcome;
        }

        private static bool Report(TestRunData run, CollectRequest request, IReadOnlyList<ReportFormat> formats, CollectOutcome outcome)
        {
            var (modules, parts) = run.Sum();
            var missing = request.Alone ? new SortedSet<string>(StringComparer.Ordinal) : ExpectedParts.Of(request.SolutionPath, request.ProjectPath);
            missing.ExceptWith(parts.Select(Path.GetFileNameWithoutExtension)!);
            var output = Path.GetFullPath(request.OutputDirectory);
            var now = DateTimeOffset.Now;
            outcome.Reports.AddRange(formats.Select(format => format.Write(modules, output, now)));

            // The summary and the threshold are for the whole run: they wait for the last test project.
            if (missing.Count > 0)
            {
                outcome.Add(CollectMessageKind.Detail, $"CoverWeaver: {parts.Count} test project run(s) collected; the summary follows when {string.Join(", ", missing)} ha{(missing.Count == 1 ? "s" : "ve")} run.");
                return true;
            }

            outcome.Complete = true;
            outcome.Total = LineFigures.Of(modules).Total;
            outcome.Add(CollectMessageKind.Summary, $"CoverWeaver: line coverage of {parts.Count} test project run(s), distinct executable source lines:\n" + TextSummary.Write(modules).TrimEnd());
            outcome.Add(CollectMessageKind.Summary, "CoverWeaver: reports in " + output + ": " + string.Join(", ", outcome.Reports.Select(path => Path.GetRelativePath(output, path))));
            if (outcome.Threshold is { } threshold)
            {
                outcome.Failures.AddRange(Reports.Threshold.Check(modules, threshold.Percent, threshold.Stat));
                foreach (var failure in outcome.Failures)
                {
                    outcome.Add(CollectMessageKind.Error, $"CoverWeaver: {failure} is below the threshold of {threshold.Percent.ToString("0.##", CultureInfo.InvariantCulture)}% (-p:CoverWeaveThreshold, {threshold.Stat.ToString().ToLowerInvariant()}).");
                }
            }

            return true;
        }

        private static IReadOnlyList<ReportFormat> ParseFormats(string formats)
        {
            try
            {
                return ReportFormats.Parse(formats, withExport: true);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException("CoverWeaveFormats: " + e.Message + " Separate several with commas or semicolons, quoted: \"-p:CoverWeaveFormats=\\\"cobertura,html\\\"\".", e);
            }
        }

        private static (double Percent, ThresholdStat Stat)? ParseThreshold(string threshold, string stat)
        {
            if (string.IsNullOrWhiteSpace(threshold))
            {
                return null;
            }

            if (!double.TryParse(threshold.Trim().TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) || percent < 0 || percent > 100)
            {
                throw new ArgumentException($"CoverWeaveThreshold is '{threshold}'; give a percentage from 0 to 100, e.g. -p:CoverWeaveThreshold=80.");
            }

            try
            {
                return (percent, Reports.Threshold.ParseStat(string.IsNullOrWhiteSpace(stat) ? "total" : stat));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException("CoverWeaveThresholdStat: " + e.Message, e);
            }
        }
    }
}
