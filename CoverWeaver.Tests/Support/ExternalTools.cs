using System;
using System.Diagnostics;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// The real tools the report tests check our output with. A missing tool fails the test with
    /// how to install it, never skips it: CI installs them (.ci/run), and a silent skip would hide
    /// a report no reader accepts.
    /// </summary>
    internal static class ExternalTools
    {
        public const string ReportGeneratorVersion = "5.6.0";

        /// <summary>ReportGenerator: <c>COVERWEAVER_REPORTGENERATOR</c>, or the copy .ci/run installs under <c>.tools/</c>.</summary>
        public static string ReportGenerator()
        {
            var configured = Environment.GetEnvironmentVariable("COVERWEAVER_REPORTGENERATOR");
            var path = string.IsNullOrEmpty(configured) ? RepoPaths.Combine(".tools", "reportgenerator", "reportgenerator") : configured;
            if (!File.Exists(path))
            {
                Assert.Fail($"ReportGenerator is not at {path}. Install it with: dotnet tool install --tool-path {RepoPaths.Combine(".tools", "reportgenerator")} dotnet-reportgenerator-globaltool --version {ReportGeneratorVersion} (as .ci/run does), or set COVERWEAVER_REPORTGENERATOR to its executable.");
            }

            return path;
        }

        /// <summary>genhtml from Debian's lcov package.</summary>
        public static string Genhtml() => OnPath("genhtml", "apt-get update && apt-get install -y lcov");

        /// <summary>Debian's Chromium, which Playwright drives (no browser download is possible).</summary>
        public static string Chromium()
        {
            const string path = "/usr/bin/chromium";
            if (!File.Exists(path))
            {
                Assert.Fail($"Chromium is not at {path}. Install it with: apt-get update && apt-get install -y chromium (as .ci/run does).");
            }

            return path;
        }

        /// <summary>Runs a tool to its end; its exit code, standard output and error.</summary>
        public static (int Exit, string Output, string Error) Run(string file, string workingDirectory, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{file} did not finish in 2 minutes.");
            }

            return (process.ExitCode, output, error.Result);
        }

        private static string OnPath(string name, string install)
        {
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            Assert.Fail($"{name} is not on PATH. Install it with: {install} (as .ci/run does).");
            return name;
        }
    }
}
