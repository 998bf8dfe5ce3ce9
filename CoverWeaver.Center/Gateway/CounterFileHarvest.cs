using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Persistence;

namespace CoverWeaver.Center.Gateway
{
    /// <summary>
    /// Reads what processes that have ended left in a target's counter-file directory (its
    /// <c>COVERWEAVER_DATA</c>). Each pull takes a process's counts with a reset, and a reset writes
    /// its baseline into the process's first file, so a dead process's files hold exactly the hits
    /// it made after its last pull: a process killed with SIGKILL loses none it made.
    /// </summary>
    /// <remarks>
    /// A process is dead when nobody holds its first file: the runtime maps its files for its whole
    /// life, and .NET takes a shared lock on a file it opens, which the operating system drops with
    /// the process. So a file can be opened exclusively only once its process is gone. A file is
    /// looked at only from the second scan that sees it, well after its process mapped it (which
    /// follows its creation by microseconds), so the probe never races a process taking its own file.
    /// </remarks>
    internal sealed class CounterFileHarvest
    {
        private readonly string _directory;
        private readonly HashSet<string> _taken = new HashSet<string>(StringComparer.Ordinal);
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);

        public CounterFileHarvest(string directory)
        {
            _directory = Path.GetFullPath(directory);
        }

        /// <summary>One dead process's counts of one assembly build, with the key that makes taking it idempotent.</summary>
        internal sealed record Harvested(string Key, List<ModuleSnapshot> Snapshots, string File);

        /// <summary>
        /// The processes found dead since the last call, each once. A damaged file is reported
        /// through <paramref name="problem"/> and skipped, never retried.
        /// </summary>
        public List<Harvested> TakeDead(Action<string> problem)
        {
            var found = new List<Harvested>();
            if (!Directory.Exists(_directory))
            {
                return found;
            }

            var firsts = new List<(string Path, FileName Name)>();
            foreach (var path in Directory.GetFiles(_directory))
            {
                if (!path.EndsWith(LiveCounterFiles.Extension, StringComparison.Ordinal) || FileName.Parse(Path.GetFileName(path)) is not FileName name || name.Segment != 0)
                {
                    continue;
                }

                if (_taken.Contains(name.Key) || _seen.Add(path))
                {
                    // Taken already, or seen for the first time: looked at again next scan.
                    continue;
                }

                firsts.Add((path, name));
            }

            foreach (var (path, name) in firsts)
            {
                if (!Dead(path))
                {
                    continue;
                }

                _taken.Add(name.Key);
                try
                {
                    var snapshots = CounterFileReader.ReadFile(path, Guid.Empty).Select(r => r.Snapshot).ToList();
                    found.Add(new Harvested(name.Key, snapshots, path));
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
                {
                    problem($"The counter files of process {name.ProcessId} ({path}) cannot be read, so what it counted after its last pull is not added: {e.Message}");
                }
            }

            return found;
        }

        /// <summary>Whether no process holds the file: an exclusive open succeeds only then.</summary>
        private static bool Dead(string path)
        {
            try
            {
                using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>
        /// The parts of a counter file's name (<see cref="LiveCounterFiles.FileName"/>):
        /// <c>Assembly-build-pid-instance-n.cwcounters</c>, the assembly with '-' written as '_'.
        /// </summary>
        private readonly record struct FileName(string Assembly, string Build, int ProcessId, string Instance, int Segment)
        {
            public string Key => $"{Instance}:{Assembly}:{Build}";

            public static FileName? Parse(string name)
            {
                var parts = name.Substring(0, name.Length - LiveCounterFiles.Extension.Length).Split('-');
                if (parts.Length != 5 || parts[1].Length != 16 || parts[3].Length != 32 ||
                    !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
                    !int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var segment))
                {
                    return null;
                }

                return new FileName(parts[0], parts[1], pid, parts[3], segment);
            }
        }
    }
}
