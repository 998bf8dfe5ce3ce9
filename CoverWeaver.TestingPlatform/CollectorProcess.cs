using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CoverWeaver.TestingPlatform
{
    /// <summary>
    /// Runs the collector (<c>dotnet CoverWeaver.MSBuild.dll collect …</c>) in a process of its own,
    /// so the reports are written outside the woven test app, and gives back what it printed.
    /// </summary>
    internal static class CollectorProcess
    {
        /// <summary>How long the collector may take: it may wait for other test apps of the command to finish writing.</summary>
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

        /// <summary>Runs the collector to its end; the exit code is null when it could not start or was stopped for taking too long.</summary>
        public static async Task<(int? Exit, string Output, string Error)> RunAsync(string collector, string[] arguments, CancellationToken cancellation)
        {
            var start = new ProcessStartInfo(DotnetHost(), Quote(collector) + " " + string.Join(" ", Array.ConvertAll(arguments, Quote)))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            var output = new StringBuilder();
            var error = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(error, e.Data);
            try
            {
                process.Start();
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                return (null, "", $"CoverWeaver: could not start the collector with {start.FileName} ({e.Message}); put dotnet on PATH or set DOTNET_HOST_PATH.");
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var exited = await Task.Run(() => process.WaitForExit((int)Timeout.TotalMilliseconds), cancellation).ConfigureAwait(false);
            if (!exited)
            {
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                    // It ended meanwhile.
                }

                return (null, Text(output), $"CoverWeaver: the collector took longer than {Timeout.TotalMinutes} minutes and was stopped; no reports from this test app.");
            }

            // The parameterless wait also waits for the redirected output to be read to its end.
            process.WaitForExit();
            return (process.ExitCode, Text(output), Text(error));
        }

        /// <summary>
        /// The dotnet host to run the collector with: the one the SDK names, else the one beside the
        /// runtime this app runs on, else <c>dotnet</c> on PATH.
        /// </summary>
        internal static string DotnetHost()
        {
            var name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
            var named = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(named) && File.Exists(named))
            {
                return named!;
            }

            // <root>/shared/Microsoft.NETCore.App/<version>/ on .NET; elsewhere (.NET Framework) no host is there.
            var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtime)));
            if (root != null && File.Exists(Path.Combine(root, name)))
            {
                return Path.Combine(root, name);
            }

            return name;
        }

        private static void Append(StringBuilder text, string? line)
        {
            if (line != null)
            {
                lock (text)
                {
                    text.Append(line).Append('\n');
                }
            }
        }

        private static string Text(StringBuilder text)
        {
            lock (text)
            {
                return text.ToString().TrimEnd('\n');
            }
        }

        private static string Quote(string argument) => "\"" + argument.Replace("\"", "\\\"") + "\"";
    }
}
