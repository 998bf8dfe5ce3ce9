using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace CoverWeaver.Tests.Support
{
    /// <summary>Runs the dotnet CLI as a user would, in a clean environment, and captures what it says.</summary>
    internal static class DotNet
    {
        public static (int ExitCode, string Output) Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
        {
            var (exitCode, output, _) = Execute(workingDirectory, environment, merged: true, args);
            return (exitCode, output);
        }

        /// <summary>Runs and keeps stdout and stderr apart, for commands whose two streams mean different things.</summary>
        public static (int ExitCode, string Output, string Error) RunApart(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
        {
            return Execute(workingDirectory, environment, merged: false, args);
        }

        /// <summary>One run; with <paramref name="merged"/>, stderr goes into the output as it comes, in order.</summary>
        private static (int ExitCode, string Output, string Error) Execute(string workingDirectory, IDictionary<string, string>? environment, bool merged, string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            // The test host runs inside MSBuild's and VSTest's environment; a user's shell does not.
            foreach (var key in start.Environment.Keys.ToList())
            {
                if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) ||
                    key.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
                {
                    start.Environment.Remove(key);
                }
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }

            var output = new StringBuilder();
            var error = merged ? output : new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { error.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(10).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet {string.Join(" ", args)} took over 10 minutes:\n{output}");
            }

            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString(), merged ? "" : error.ToString());
            }
        }

        /// <summary>Runs and requires success, showing the output when it fails.</summary>
        public static string Succeed(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
        {
            var (exitCode, output) = Run(workingDirectory, environment, args);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet {string.Join(" ", args)} failed with exit code {exitCode}:\n{output}");
            }

            return output;
        }
    }
}
