using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace CoverWeaver.Bench.Load
{
    /// <summary>
    /// One build of HelloService running on loopback: the app on a free port and, when live, its
    /// coverage endpoint (COVERWEAVER_LISTEN) on another with a random token. Killed on dispose.
    /// </summary>
    internal sealed class ServiceProcess : IDisposable
    {
        private readonly Process _process;
        private bool _disposed;

        public ServiceProcess(string dll, bool live)
        {
            var ports = FreePorts(2);
            AppAddress = $"http://127.0.0.1:{ports[0]}";
            CoverAddress = live ? $"http://127.0.0.1:{ports[1]}" : null;
            Token = Guid.NewGuid().ToString("N");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.GetFullPath(dll));
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add(AppAddress);
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("COVERWEAVER_", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            if (live)
            {
                start.Environment["COVERWEAVER_LISTEN"] = $"127.0.0.1:{ports[1]}";
                start.Environment["COVERWEAVER_TOKEN"] = Token;
            }

            // Per-request information logs would measure the console, not the service.
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) { Console.Error.WriteLine("service: " + e.Data); } };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            WaitUntilServing();
        }

        public string AppAddress { get; }

        /// <summary>The coverage endpoint's base address, or null when not live.</summary>
        public string? CoverAddress { get; }

        public string Token { get; }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private void WaitUntilServing()
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (true)
            {
                try
                {
                    if (client.GetAsync(AppAddress + "/welcome").GetAwaiter().GetResult().IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException("HelloService did not start serving at " + AppAddress);
                }

                Thread.Sleep(50);
            }
        }

        private static int[] FreePorts(int count)
        {
            var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
            listeners.ForEach(l => l.Start());
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            listeners.ForEach(l => l.Stop());
            return ports;
        }
    }
}
