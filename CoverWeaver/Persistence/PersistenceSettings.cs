using System;
using System.Diagnostics;
using System.IO;
using CoverWeaver.Diagnostics;

namespace CoverWeaver.Persistence
{
    /// <summary>
    /// Whether this process keeps its counters in files, and where. Decided once, when the first
    /// woven assembly attaches: from <see cref="Cover.PersistTo"/> if it was called, otherwise from
    /// <see cref="EnvironmentVariable"/>, otherwise from a <see cref="SettingsFile"/> beside the
    /// application, which the package's build writes into a test project's output so that a test
    /// host of any runner keeps its counters where the test run collects them, with no variable
    /// set. Woven code keeps the addresses it is given for its lifetime, so the choice cannot
    /// change once counting has started.
    /// </summary>
    internal static class PersistenceSettings
    {
        /// <summary>The environment variable naming the directory counters are kept in.</summary>
        public const string EnvironmentVariable = "COVERWEAVER_DATA";

        private static readonly object Gate = new object();
        private static string? _requested;
        private static bool _decided;
        private static string? _directory;

        /// <summary>Identifies this process's files, also when a dead process had the same id.</summary>
        public static Guid Instance { get; } = Guid.NewGuid();

        public static int ProcessId { get; } = CurrentProcessId();

        /// <summary>Asks for counters to be kept in <paramref name="directory"/>; see <see cref="Cover.PersistTo"/>.</summary>
        public static void Request(string directory)
        {
            var full = Path.GetFullPath(directory);
            lock (Gate)
            {
                if (_decided)
                {
                    if (_directory != null && PathsEqual(_directory, full))
                    {
                        return;
                    }

                    throw new InvalidOperationException(
                        "Woven code has already started counting " + (_directory == null ? "in memory" : "in " + _directory) +
                        $"; counters cannot move to {full}. Call Cover.PersistTo before any woven code runs " +
                        $"(from code that is not woven), or set {EnvironmentVariable}.");
                }

                _requested = full;
            }
        }

        /// <summary>The directory to keep counters in, or null to keep them in memory; fixes the choice.</summary>
        public static string? Decide()
        {
            lock (Gate)
            {
                if (!_decided)
                {
                    _decided = true;
                    _directory = _requested ?? FromEnvironment() ?? FromSettingsFile(AppContext.BaseDirectory);
                }

                return _directory;
            }
        }

        private static string? FromEnvironment()
        {
            try
            {
                var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
                return string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(value!.Trim());
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is PathTooLongException || e is System.Security.SecurityException)
            {
                Log.Warn($"{EnvironmentVariable} is not a usable directory ({e.Message}); counters stay in memory.");
                return null;
            }
        }

        /// <summary>The directory a settings file in <paramref name="directory"/> names, or null.</summary>
        internal static string? FromSettingsFile(string? directory)
        {
            if (string.IsNullOrEmpty(directory))
            {
                return null;
            }

            var path = Path.Combine(directory, SettingsFile.FileName);
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                var data = SettingsFile.Read(path).Value("data");
                if (data.Length > 0)
                {
                    return Path.GetFullPath(Path.Combine(directory, data));
                }

                Log.Warn($"{path} names no directory (a line data=<directory>); counters stay in memory.");
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                Log.Warn($"could not read {path} ({e.Message}); counters stay in memory.");
                return null;
            }
        }

        private static bool PathsEqual(string a, string b)
        {
            return string.Equals(a.TrimEnd(Path.DirectorySeparatorChar), b.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        }

        private static int CurrentProcessId()
        {
            using var process = Process.GetCurrentProcess();
            return process.Id;
        }
    }
}
