using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Threading;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// samples/HelloService, woven (Fixtures/HelloService), running as a real process on loopback:
    /// the app on one free port, its coverage endpoint (COVERWEAVER_LISTEN) on another, with a
    /// random token and its counters in a data directory of its own. Killed on dispose.
    /// </summary>
    internal sealed class HelloServiceProcess : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

        private readonly Process _process;
        private readonly List<string> _output = new List<string>();

        private readonly IReadOnlyDictionary<string, string>? _environment;

        private HelloServiceProcess(string dataDirectory, int appPort, int coverPort, IReadOnlyDictionary<string, string>? environment, string? token = null)
        {
            DataDirectory = dataDirectory;
            AppPort = appPort;
            CoverPort = coverPort;
            _environment = environment;
            Token = token ?? Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(Folder, "HelloService.dll"));
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add($"http://127.0.0.1:{appPort}");

            // Nothing of the test host's own setup may reach the service: it is configured only here.
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("COVERWEAVER_", StringComparison.OrdinalIgnoreCase) ||
                k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["COVERWEAVER_LISTEN"] = $"127.0.0.1:{coverPort}";
            start.Environment["COVERWEAVER_TOKEN"] = Token;
            start.Environment["COVERWEAVER_DATA"] = dataDirectory;
            // Kestrel's per-request information logs would only slow it down and fill the output.
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            foreach (var pair in environment ?? new Dictionary<string, string>())
            {
                start.Environment[pair.Key] = pair.Value;
            }

            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Record(e.Data);
            _process.ErrorDataReceived += (_, e) => Record(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}"), Timeout = TimeSpan.FromSeconds(30) };
        }

        /// <summary>Where the woven build is; built with the tests (a ProjectReference of theirs).</summary>
        public static string Folder
        {
            get
            {
                var configuration = typeof(HelloServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
                return RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", "HelloService", "bin", configuration, "net10.0");
            }
        }

        public string DataDirectory { get; }

        public int AppPort { get; }

        public int CoverPort { get; }

        public string Token { get; }

        /// <summary>The base address of the coverage endpoint, as <see cref="Cover.Start(CoverNodeOptions[])"/> takes it.</summary>
        public string CoverAddress => $"http://127.0.0.1:{CoverPort}";

        /// <summary>A client of the service itself (not of its coverage endpoint).</summary>
        public HttpClient Client { get; }

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

        /// <summary>
        /// Starts an instance and waits until both its coverage endpoint and the app answer. Ports
        /// are picked free just before the start, so another process may take one meanwhile: such
        /// a start fails fast (the process exits) and is tried again on new ports.
        /// </summary>
        public static HelloServiceProcess Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
        {
            for (var attempt = 1; ; attempt++)
            {
                var ports = FreePorts(2);
                var service = new HelloServiceProcess(dataDirectory, ports[0], ports[1], environment);
                try
                {
                    service.WaitUntilServing();
                    return service;
                }
                catch (Exception) when (attempt < 3 && service._process.HasExited)
                {
                    service.Dispose();
                }
                catch
                {
                    service.Dispose();
                    throw;
                }
            }
        }

        /// <summary>
        /// A new process of the service on this one's ports, with its token and data directory, as a
        /// service manager restarts a service; this one must have exited (killed) first.
        /// </summary>
        public HelloServiceProcess Restart()
        {
            if (!_process.HasExited)
            {
                throw new InvalidOperationException("Kill or stop the instance before restarting it on its ports.");
            }

            var service = new HelloServiceProcess(DataDirectory, AppPort, CoverPort, _environment, Token);
            try
            {
                service.WaitUntilServing();
                return service;
            }
            catch
            {
                service.Dispose();
                throw;
            }
        }

        /// <summary>The process id, to tell a restarted instance from the one before.</summary>
        public int ProcessId => _process.Id;

        public RawResponse CoverGet(string path) => RawHttp.Get(CoverPort, path, Token);

        public RawResponse CoverPost(string path) => RawHttp.Post(CoverPort, path, Token);

        /// <summary>GET /snapshot: the bytes Cover.Export would write in the service.</summary>
        public byte[] Snapshot()
        {
            var response = CoverGet("/snapshot");
            if (response.Status != 200)
            {
                throw new InvalidOperationException("GET /snapshot answered " + response);
            }

            return response.Body;
        }

        /// <summary>SIGTERM, as a service manager stops a service: the host shuts down and the process exits normally.</summary>
        public int Terminate(TimeSpan timeout)
        {
            using (var kill = Process.Start("kill", new[] { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            {
                kill.WaitForExit();
            }

            if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                throw new TimeoutException($"HelloService did not stop within {timeout} of SIGTERM:\n{Output}");
            }

            return _process.ExitCode;
        }

        /// <summary>SIGKILL: the service gets no chance to flush, unmap or run any handler.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit();
                }
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }

            Client.Dispose();
            _process.Dispose();
        }

        private void WaitUntilServing()
        {
            var deadline = DateTime.UtcNow + StartTimeout;
            // The endpoint starts when the first woven assembly loads, before Kestrel listens; the
            // app is then awaited by connecting only, since any request would run (and count) a handler.
            while (!Answers() || !Accepts(AppPort))
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"HelloService exited with {_process.ExitCode} before serving:\n{Output}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"HelloService did not serve within {StartTimeout}:\n{Output}");
                }

                Thread.Sleep(50);
            }
        }

        private bool Answers()
        {
            try
            {
                return CoverGet("/health").Status == 200;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        private static bool Accepts(int port)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        /// <summary>Distinct ports free at this moment, all held open together so none is picked twice.</summary>
        private static int[] FreePorts(int count)
        {
            var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
            try
            {
                listeners.ForEach(l => l.Start());
                return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        private void Record(string? line)
        {
            if (line != null)
            {
                lock (_output)
                {
                    _output.Add(line);
                }
            }
        }
    }
}
