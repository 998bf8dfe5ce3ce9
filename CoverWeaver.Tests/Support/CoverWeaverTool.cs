using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Runs the <c>coverweaver</c> command as a process, as built beside these tests (the test
    /// project builds it first), keeping its exit code, stdout and stderr apart.
    /// </summary>
    internal static class CoverWeaverTool
    {
        /// <summary>The tool's entry assembly, of the configuration these tests were built in.</summary>
        public static string Path
        {
            get
            {
                var configuration = typeof(CoverWeaverTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(a => a.Key == "Configuration").Value!;
                return RepoPaths.Combine("CoverWeaver.Tool", "bin", configuration, "net8.0", "CoverWeaver.Tool.dll");
            }
        }

        public static Result Run(params string[] args) => Run(null, args);

        public static Result Run(IDictionary<string, string>? environment, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }

            var output = new StringBuilder();
            var error = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (error) { error.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(2).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"coverweaver {string.Join(" ", args)} took over 2 minutes.");
            }

            process.WaitForExit();
            lock (output)
            {
                lock (error)
                {
                    return new Result(process.ExitCode, output.ToString(), error.ToString(), args);
                }
            }
        }

        /// <summary>What one run gave.</summary>
        internal sealed class Result
        {
            public Result(int exitCode, string output, string error, string[] args)
            {
                ExitCode = exitCode;
                Output = output;
                Error = error;
                Args = args;
            }

            public int ExitCode { get; }

            public string Output { get; }

            public string Error { get; }

            public string[] Args { get; }

            /// <summary>Everything, for assertion messages.</summary>
            public override string ToString() => $"coverweaver {string.Join(" ", Args)} → {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
        }
    }
}
