using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using CoverWeaver.Data;
using CoverWeaver.Runtime;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// A running instrumented process as Cover.Start sees it, speaking the node protocol:
    /// <c>GET /snapshot</c>, <c>POST /snapshot?reset=true</c> and <c>GET /health</c>. Its
    /// counters are snapshots the test builds from a local module; it counts the resets it took.
    /// </summary>
    internal sealed class FakeNode : IDisposable
    {
        public const string ContentType = "application/vnd.coverweaver.coverage";

        private readonly object _gate = new object();
        private readonly FakeHttpServer _server;
        private readonly string? _token;
        private List<ModuleSnapshot> _modules = new List<ModuleSnapshot>();
        private int _resets;

        public FakeNode(string? token = null)
        {
            _token = token;
            _server = new FakeHttpServer(Answer);
        }

        public string Address => _server.BaseAddress;

        public int Resets => Volatile.Read(ref _resets);

        public FakeHttpServer Server => _server;

        /// <summary>The module's counts on the node, replacing any it had (a copy is kept).</summary>
        public void Set(ModuleSnapshot module, long[] counts)
        {
            lock (_gate)
            {
                _modules = _modules.Where(m => m.Module.Name != module.Module.Name)
                    .Append(new ModuleSnapshot(module.Assembly, module.Module, (long[])counts.Clone()))
                    .ToList();
            }
        }

        /// <summary>The node's current counts of a module.</summary>
        public long[] Counts(string module)
        {
            lock (_gate)
            {
                return (long[])_modules.Single(m => m.Module.Name == module).Counts.Clone();
            }
        }

        public void Down() => _server.Down();

        public void Up() => _server.Up();

        public void Dispose() => _server.Dispose();

        private (int, string, byte[]) Answer(Received request)
        {
            if (_token != null && request.Authorization != "Bearer " + _token)
            {
                return (401, "text/plain", Encoding.UTF8.GetBytes("token required"));
            }

            lock (_gate)
            {
                switch (request.Method + " " + request.PathAndQuery)
                {
                    case "GET /health":
                        return (200, "application/json", Encoding.UTF8.GetBytes("{\"status\":\"ok\"}"));
                    case "GET /snapshot":
                        return (200, ContentType, CoverageFile.Encode(_modules));
                    case "POST /snapshot?reset=true":
                        var bytes = CoverageFile.Encode(_modules);
                        _modules = _modules.Select(m => new ModuleSnapshot(m.Assembly, m.Module, new long[m.Counts.Length])).ToList();
                        Interlocked.Increment(ref _resets);
                        return (200, ContentType, bytes);
                    default:
                        return (404, "text/plain", Encoding.UTF8.GetBytes("not found"));
                }
            }
        }

        /// <summary>A local module's current counts, as a node running the same build would send them.</summary>
        public static ModuleSnapshot Local(string module)
        {
            var home = Registry.FindModule(module) ?? throw new ArgumentException(module);
            return Snapshots.Take(false, new[] { home }).Single();
        }

        /// <summary>An independent copy of a module's table, renamed or marked as another build.</summary>
        public static ModuleSnapshot Copy(ModuleSnapshot module, string? name = null, bool otherBuild = false)
        {
            var copy = CoverageFile.Decode(CoverageFile.Encode(new[] { module }), "copy").Single();
            copy.Module.Name = name ?? copy.Module.Name;
            copy.Module.Fingerprint ^= otherBuild ? 1UL : 0UL;
            return copy;
        }
    }
}
