using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// <c>coverweaver center</c> running as a process (the tool the tests built), on a free port of
    /// 127.0.0.1 unless given one, with a client of its API; or <c>coverweaver gateway</c>
    /// (<see cref="Gateway"/>). Stopped with SIGTERM on dispose (killed if it hangs).
    /// </summary>
    internal sealed class CenterProcess : IDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);
        private static readonly Regex Listening = new Regex(@"CoverWeaver center on (http://127\.0\.0\.1:\d+)/");
        private static readonly Regex Pulling = new Regex(@"CoverWeaver gateway pulling");

        private readonly Process _process;
        private readonly List<string> _output = new List<string>();
        private readonly ManualResetEventSlim _started = new ManualResetEventSlim();

        private readonly Regex _ready;

        /// <summary>A center; without <c>--port</c> among the arguments, on a free port.</summary>
        public CenterProcess(params string[] args)
            : this("center", Listening, args.Contains("--port") ? args : new[] { "--port", "0" }.Concat(args).ToArray())
        {
        }

        private CenterProcess(string verb, Regex ready, string[] args)
        {
            _ready = ready;
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(CoverWeaverTool.Path);
            start.ArgumentList.Add(verb);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("COVERWEAVER_", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            _process = new Process { StartInfo = start, EnableRaisingEvents = true };
            _process.Exited += (_, _) => _started.Set();
            _process.OutputDataReceived += (_, e) => Record(e.Data);
            _process.ErrorDataReceived += (_, e) => Record(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            if (!_started.Wait(StartTimeout) || _process.HasExited)
            {
                var output = Output;
                Dispose();
                throw new InvalidOperationException($"coverweaver {verb} did not start:\n" + output);
            }

            Client = new HttpClient { BaseAddress = new Uri((Address ?? "http://127.0.0.1:1") + "/"), Timeout = TimeSpan.FromMinutes(2) };
        }

        /// <summary><c>coverweaver gateway</c> with these arguments, once it said it pulls.</summary>
        public static CenterProcess Gateway(params string[] args) => new CenterProcess("gateway", Pulling, args);

        /// <summary><c>http://127.0.0.1:port</c>, without a trailing slash.</summary>
        public string? Address { get; private set; }

        public HttpClient Client { get; } = null!;

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

        /// <summary>POSTs JSON; the answer's body as JSON, after checking the status.</summary>
        public JsonElement Post(string path, object? body, int expected = 200)
        {
            using var response = body == null ? Client.PostAsync(path, null).GetAwaiter().GetResult() : Client.PostAsJsonAsync(path, body).GetAwaiter().GetResult();
            return Json(response, expected, "POST " + path);
        }

        public JsonElement Get(string path, int expected = 200)
        {
            using var response = Client.GetAsync(path).GetAwaiter().GetResult();
            return Json(response, expected, "GET " + path);
        }

        public byte[] GetBytes(string path)
        {
            using var response = Client.GetAsync(path).GetAwaiter().GetResult();
            var bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}\n{Output}");
            }

            return bytes;
        }

        private JsonElement Json(HttpResponseMessage response, int expected, string what)
        {
            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if ((int)response.StatusCode != expected)
            {
                throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, expected {expected}: {text}\nCenter output:\n{Output}");
            }

            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        /// <summary>SIGKILL: no handler runs, nothing is flushed or closed.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        /// <summary>SIGTERM, and the exit code once it stopped.</summary>
        public int Stop()
        {
            if (!_process.HasExited)
            {
                using var kill = Process.Start("kill", new[] { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                kill.WaitForExit();
                if (!_process.WaitForExit(30000))
                {
                    _process.Kill(entireProcessTree: true);
                    throw new TimeoutException("coverweaver center did not stop within 30 s of SIGTERM:\n" + Output);
                }
            }

            _process.WaitForExit();
            return _process.ExitCode;
        }

        public void Dispose()
        {
            try
            {
                Stop();
            }
            catch (Exception) when (_process.HasExited)
            {
            }
            catch (TimeoutException)
            {
            }

            Client?.Dispose();
            _process.Dispose();
        }

        private void Record(string? line)
        {
            if (line == null)
            {
                return;
            }

            lock (_output)
            {
                _output.Add(line);
            }

            var match = _ready.Match(line);
            if (match.Success && !_started.IsSet)
            {
                Address = match.Groups.Count > 1 ? match.Groups[1].Value : null;
                _started.Set();
            }
        }
    }
}
