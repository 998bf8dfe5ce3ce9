using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// Runs after a VSTest test project's tests: the end-of-run work (<see cref="TestRunCollector"/>)
    /// with MSBuild's log as its output. A bad input or a figure below the threshold is a build
    /// error; the task never throws into MSBuild.
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
            var outcome = TestRunCollector.Collect(new CollectRequest
            {
                CountersDirectory = CountersDirectory,
                SessionDirectory = SessionDirectory,
                ProjectPath = ProjectPath,
                TargetFramework = TargetFramework,
                SolutionPath = SolutionPath,
                OutputDirectory = OutputDirectory,
                Formats = Formats,
                Threshold = Threshold,
                ThresholdStat = ThresholdStat,
            });
            foreach (var (kind, text) in outcome.Messages)
            {
                switch (kind)
                {
                    case CollectMessageKind.Error:
                        Log.LogError(text);
                        break;
                    case CollectMessageKind.Summary:
                        Log.LogMessage(MessageImportance.High, text);
                        break;
                    default:
                        Log.LogMessage(MessageImportance.Normal, text);
                        break;
                }
            }

            return outcome.Succeeded;
        }
    }
}
