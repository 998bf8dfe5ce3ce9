using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using CoverWeaver.Tests.Support;

namespace CoverWeaver.Tests.Persistence
{
    /// <summary>
    /// One run of the crash fixture (Fixtures/Crash) with its counters in a directory: started,
    /// left to run, killed with SIGKILL, then its progress file read back.
    /// </summary>
    internal sealed class CrashingChild : IDisposable
    {
        private readonly Process _process;
        private readonly string _progressFile;
        private readonly int _threads;
        private readonly List<string> _output = new List<string>();
        private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

        public CrashingChild(string dataDirectory, string progressFile, int threads)
        {
            _progressFile = progressFile;
            _threads = threads;
            var configuration = typeof(CrashingChild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
            var folder = RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", "Crash", "bin", configuration, "net10.0");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(folder, "CoverWeaver.Tests.Crash.dll"));
            start.ArgumentList.Add(progressFile);
            start.ArgumentList.Add(threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.Environment["COVERWEAVER_DATA"] = dataDirectory;
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Record(e.Data, stdout: true);
            _process.ErrorDataReceived += (_, e) => Record(e.Data, stdout: false);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int ProcessId => _process.Id;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return string.Join("\n", _output);
                }
            }
        }

        /// <summary>Waits until the child runs its loops and has printed progress.</summary>
        public void WaitUntilRunning()
        {
            if (!_ready.Wait(TimeSpan.FromMinutes(2)))
            {
                throw new TimeoutException("The crash fixture did not start:\n" + Output);
            }
        }

        /// <summary>SIGKILL: the process gets no chance to flush, unmap or run any handler.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        /// <summary>Per thread, the iterations it had started and finished (see Program.cs of the fixture).</summary>
        public (long Started, long Finished)[] Progress()
        {
            var bytes = File.ReadAllBytes(_progressFile);
            return Enumerable.Range(0, _threads)
                .Select(t => (BitConverter.ToInt64(bytes, t * 128), BitConverter.ToInt64(bytes, (t * 128) + 8)))
                .ToArray();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
            _ready.Dispose();
        }

        private void Record(string? line, bool stdout)
        {
            if (line == null)
            {
                return;
            }

            lock (_output)
            {
                _output.Add(line);
            }

            // Progress shows the threads have run woven code, so their blocks exist.
            if (stdout && line.StartsWith("PROGRESS ", StringComparison.Ordinal) && long.Parse(line.Substring(9), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                _ready.Set();
            }
        }
    }
}
