using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace CoverWeaver.Bench.Center
{
    /// <summary>`coverweaver center` as a process on a free port, with its CPU time read from /proc. Killed on dispose.</summary>
    internal sealed class CenterProcess : IDisposable
    {
        private static readonly Regex Listening = new Regex(@"CoverWeaver center on (http://127\.0\.0\.1:\d+)/");
        private readonly Process _process;

        private CenterProcess(Process process, string address)
        {
            _process = process;
            Address = address;
        }

        public string Address { get; }

        public static CenterProcess Start(string tool, string db, string? targets)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { tool, "center", "--port", "0", "--db", db, "--interval", "10" }.Concat(targets == null ? Array.Empty<string>() : new[] { "--targets", targets }))
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            string? address = null;
            using var ready = new ManualResetEventSlim();
            process.OutputDataReceived += (_, e) =>
            {
                var match = e.Data == null ? Match.Empty : Listening.Match(e.Data);
                if (match.Success)
                {
                    address = match.Groups[1].Value;
                    ready.Set();
                }
            };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { Console.Error.WriteLine("center: " + e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!ready.Wait(TimeSpan.FromMinutes(1)))
            {
                process.Kill();
                throw new InvalidOperationException("coverweaver center did not start.");
            }

            return new CenterProcess(process, address!);
        }

        /// <summary>The process's CPU time so far and the wall clock, to measure a window from.</summary>
        public (TimeSpan Cpu, TimeSpan Wall) StartCpu() => (Cpu(), Stopwatch.GetElapsedTime(0));

        public double CpuPercentSince((TimeSpan Cpu, TimeSpan Wall) start) =>
            (Cpu() - start.Cpu).TotalMilliseconds * 100 / (Stopwatch.GetElapsedTime(0) - start.Wall).TotalMilliseconds;

        /// <summary>Its average CPU over a window of <paramref name="window"/>, in percent of one core.</summary>
        public double CpuPercent(TimeSpan window)
        {
            var start = StartCpu();
            Thread.Sleep(window);
            return CpuPercentSince(start);
        }

        /// <summary>utime + stime of /proc/&lt;pid&gt;/stat, in clock ticks of 10 ms.</summary>
        private TimeSpan Cpu()
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
