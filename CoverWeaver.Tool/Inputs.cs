using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Importing;
using CoverWeaver.Nodes;
using CoverWeaver.Persistence;

namespace CoverWeaver.Tool
{
    /// <summary>
    /// Turns the inputs a command names into one set of module snapshots: export files, counter
    /// files, directories of counter files (what <c>COVERWEAVER_DATA</c> collects), and live
    /// endpoint URLs (<c>GET {base}/snapshot</c>). Everything is read with the runtime's own readers
    /// and summed with the one merge (<see cref="SnapshotSum"/>), so the build rule is the one
    /// <c>Cover.Import</c> applies, and a refused input refuses the whole command.
    /// </summary>
    internal sealed class Inputs
    {
        /// <summary>How long a live endpoint may take to answer one snapshot request.</summary>
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

        private readonly string? _token;
        private readonly TimeSpan _timeout;
        private readonly Action<string>? _progress;

        /// <param name="token">The bearer token for live endpoints, if they need one.</param>
        /// <param name="timeout">How long one endpoint may take; <see cref="DefaultTimeout"/> when null.</param>
        /// <param name="progress">Told the name of each input as it is read.</param>
        public Inputs(string? token = null, TimeSpan? timeout = null, Action<string>? progress = null)
        {
            _token = token;
            _timeout = timeout ?? DefaultTimeout;
            _progress = progress;
        }

        /// <summary>The wording of endpoint errors on the command line: the fix is an option, not an API call.</summary>
        internal static readonly NodeHttp.Wording EndpointWording = new NodeHttp.Wording(
            "Endpoint",
            "called",
            address => $"pass its token with --token <secret>.",
            "Or check that the process is not stuck.");

        /// <summary>Whether an input names a live endpoint rather than a path.</summary>
        public static bool IsUrl(string input) =>
            input.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Reads every input and sums them, each module once. Throws <see cref="ToolException"/>
        /// (exit code 1) naming the input and the fix when one is missing, damaged, unreachable, or
        /// holds another build of a module than an earlier one.
        /// </summary>
        public List<ModuleSnapshot> ReadAll(IReadOnlyList<string> inputs)
        {
            var parts = new List<(ModuleSnapshot Data, string Origin)>();
            foreach (var input in inputs)
            {
                _progress?.Invoke(input);
                parts.AddRange(Read(input).Select(r => (r.Data, "Coverage file " + r.File)));
            }

            try
            {
                return SnapshotSum.Sum(parts);
            }
            catch (InvalidDataException e)
            {
                throw ToolException.Input(
                    e.Message + " Nothing was written. Give data of one build of each module: leave out the input from the other build " +
                    "(coverweaver analyse <input> shows what an input holds), or rebuild and collect again.");
            }
        }

        /// <summary>One input's modules, each with the file (or URL) it came from.</summary>
        public List<(ModuleSnapshot Data, string File)> Read(string input)
        {
            if (IsUrl(input))
            {
                return Snapshot(input, reset: false);
            }

            try
            {
                // No counter file is this process's own: the tool counts nothing.
                return SavedCoverage.Read(input, Guid.Empty);
            }
            catch (FileNotFoundException) when (Directory.Exists(input))
            {
                throw ToolException.Input(
                    $"Directory {Path.GetFullPath(input)} holds no counter file ({LiveCounterFiles.Extension}). " +
                    "Name the directory the instrumented processes wrote (their COVERWEAVER_DATA), after they ran, or an export file.");
            }
            catch (FileNotFoundException)
            {
                throw ToolException.Input(
                    $"No file or directory at {Path.GetFullPath(input)}. Name an export file (coverweaver merge/snapshot --output, Cover.Export), " +
                    "a directory of counter files (COVERWEAVER_DATA), or an http(s):// endpoint URL.");
            }
            catch (InvalidDataException e)
            {
                throw ToolException.Input(
                    $"{e.Message} {Path.GetFullPath(input)} cannot be read as coverage data: collect it again, or leave it out.");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw ToolException.Input($"Cannot read {Path.GetFullPath(input)}: {e.Message} Check that it exists and is readable.");
            }
        }

        /// <summary>A live endpoint's current counts; with <paramref name="reset"/>, taken and zeroed in one step.</summary>
        public List<(ModuleSnapshot Data, string File)> Snapshot(string url, bool reset)
        {
            var address = url.TrimEnd('/');
            return Decode(SnapshotBytes(address, reset), address).Select(s => (s, address)).ToList();
        }

        /// <summary>An endpoint's answer as modules; an answer that is not coverage data is an input problem naming the endpoint.</summary>
        public static List<ModuleSnapshot> Decode(byte[] bytes, string url)
        {
            var address = url.TrimEnd('/');
            try
            {
                return CoverageFile.Decode(bytes, $"The snapshot from {address}");
            }
            catch (InvalidDataException e)
            {
                throw ToolException.Input(
                    $"{e.Message} Is {address} the base URL of a CoverWeaver endpoint (its COVERWEAVER_LISTEN address, or the prefix MapCoverWeaver mounts)?");
            }
        }

        /// <summary>The raw export-format bytes a live endpoint answers, for writing them unchanged.</summary>
        public byte[] SnapshotBytes(string url, bool reset)
        {
            try
            {
                return NodeHttp.Snapshot(url.TrimEnd('/'), _token, _timeout, reset, EndpointWording);
            }
            catch (NodeUnreachableException e)
            {
                throw ToolException.Input(e.Message);
            }
        }
    }
}
