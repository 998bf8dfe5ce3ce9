using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CoverWeaver.Data;
using CoverWeaver.Importing;
using CoverWeaver.Persistence;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// The data of one <c>dotnet test</c> command: each test project's hosts leave counter files in
    /// a directory of that project's; after its tests the project's counts are summed into one
    /// export file in the command's session directory, and the session's files, every test project
    /// and target framework that has finished so far, are summed into one result.
    /// </summary>
    internal sealed class TestRunData
    {
        private const string DataExtension = ".coverage";

        public TestRunData(string sessionDirectory)
        {
            SessionDirectory = Path.GetFullPath(sessionDirectory);
        }

        public string SessionDirectory { get; }

        /// <summary>
        /// Sums the counter files the test hosts left in <paramref name="countersDirectory"/> and
        /// saves them as this project's part of the session, replacing an earlier part of the same
        /// name; returns how many modules it holds (0 when no woven code ran).
        /// </summary>
        public int SavePart(string countersDirectory, string partName)
        {
            var snapshots = new List<ModuleSnapshot>();
            if (Directory.Exists(countersDirectory) && Directory.EnumerateFiles(countersDirectory, "*" + LiveCounterFiles.Extension).Any())
            {
                // No process of the test run is this one: every file is read.
                snapshots = SnapshotSum.Sum(SavedCoverage.Read(countersDirectory, Guid.Empty).Select(r => (r.Data, "Counter file " + r.File)));
            }

            Directory.CreateDirectory(SessionDirectory);
            AtomicFile.WriteAllBytes(Path.Combine(SessionDirectory, Safe(partName) + DataExtension), CoverageFile.Encode(snapshots));
            RemoveOldSessions(TimeSpan.FromDays(1));
            return snapshots.Count;
        }

        /// <summary>
        /// Removes sessions beside this one untouched for longer than <paramref name="age"/>: every
        /// command leaves one, and their sums are in the reports and exports already written.
        /// </summary>
        internal void RemoveOldSessions(TimeSpan age)
        {
            var parent = Path.GetDirectoryName(SessionDirectory);
            if (parent == null)
            {
                return;
            }

            foreach (var session in Directory.GetDirectories(parent))
            {
                if (string.Equals(Path.GetFullPath(session), SessionDirectory, StringComparison.Ordinal) ||
                    DateTime.UtcNow - Directory.GetLastWriteTimeUtc(session) < age)
                {
                    continue;
                }

                try
                {
                    Directory.Delete(session, recursive: true);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // Another command may be using it right now; the next one tries again.
                }
            }
        }

        /// <summary>Every part of the session so far, summed; the part files read, for messages.</summary>
        public (List<ModuleSnapshot> Modules, List<string> Parts) Sum()
        {
            var parts = Directory.Exists(SessionDirectory)
                ? Directory.GetFiles(SessionDirectory, "*" + DataExtension).OrderBy(f => f, StringComparer.Ordinal).ToList()
                : new List<string>();
            var all = new List<(ModuleSnapshot, string)>();
            foreach (var part in parts)
            {
                all.AddRange(CoverageFile.Decode(File.ReadAllBytes(part), "Coverage data " + part).Select(s => (s, "Coverage data " + part)));
            }

            return (SnapshotSum.Sum(all), parts);
        }

        /// <summary>
        /// Runs <paramref name="action"/> holding the session's lock: test projects finishing at the
        /// same time write the reports one after the other, each from every part saved before it.
        /// </summary>
        public T Locked<T>(Func<T> action, TimeSpan timeout)
        {
            Directory.CreateDirectory(SessionDirectory);
            var path = Path.Combine(SessionDirectory, ".lock");
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                try
                {
                    using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                    {
                        return action();
                    }
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(50);
                }
            }
        }

        private static string Safe(string name)
        {
            var invalid = Path.GetInvalidFileNameChars();
            return new string(name.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
        }
    }
}
