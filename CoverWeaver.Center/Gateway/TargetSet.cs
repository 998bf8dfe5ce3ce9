using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CoverWeaver.Center.Gateway
{
    /// <summary>
    /// The targets to pull now: those of the targets file, read again whenever it changes (a file
    /// that no longer reads keeps the last good list, and the problem is shown), and those
    /// registered over the API. A URL in both is the file's.
    /// </summary>
    internal sealed class TargetSet
    {
        private readonly string? _file;
        private readonly Func<IReadOnlyList<TargetSpec>> _registered;
        private readonly Action<string> _log;
        private readonly object _gate = new object();
        private (DateTime Written, long Length)? _read;
        private IReadOnlyList<TargetSpec> _fromFile = Array.Empty<TargetSpec>();

        public TargetSet(string? file, Func<IReadOnlyList<TargetSpec>> registered, Action<string> log)
        {
            _file = file == null ? null : Path.GetFullPath(file);
            _registered = registered;
            _log = log;
        }

        /// <summary>The targets file, if there is one.</summary>
        public string? File => _file;

        /// <summary>Why the targets file was last not taken, or null.</summary>
        public string? FileProblem { get; private set; }

        /// <summary>Reads the file (if it changed) and returns the targets.</summary>
        /// <exception cref="InvalidDataException">Only from <see cref="Load"/>, at start; later problems keep the last good list.</exception>
        public IReadOnlyList<TargetSpec> Current()
        {
            var fromFile = FromFile(throwOnProblem: false);
            var urls = new HashSet<string>(fromFile.Select(t => t.Url), StringComparer.Ordinal);
            return fromFile.Concat(_registered().Where(t => !urls.Contains(t.Url))).ToList();
        }

        /// <summary>Reads the file now; a problem is an <see cref="InvalidDataException"/>, so that a center does not start on a bad file.</summary>
        public void Load() => FromFile(throwOnProblem: true);

        private IReadOnlyList<TargetSpec> FromFile(bool throwOnProblem)
        {
            if (_file == null)
            {
                return Array.Empty<TargetSpec>();
            }

            lock (_gate)
            {
                var info = new FileInfo(_file);
                var stamp = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
                if (_read == stamp)
                {
                    return _fromFile;
                }

                try
                {
                    _fromFile = info.Exists ? TargetsFile.Read(_file) : throw new InvalidDataException($"The targets file {_file} does not exist.");
                    _read = stamp;
                    if (FileProblem != null || throwOnProblem)
                    {
                        _log($"Targets file {_file}: {_fromFile.Count} targets.");
                    }

                    FileProblem = null;
                }
                catch (InvalidDataException e)
                {
                    if (throwOnProblem)
                    {
                        throw;
                    }

                    _read = stamp;
                    FileProblem = e.Message + " The targets read before are kept until it is fixed.";
                    _log(FileProblem);
                }

                return _fromFile;
            }
        }
    }
}
