using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Persistence;

namespace CoverWeaver.Importing
{
    /// <summary>
    /// Reads saved coverage from a path, whatever it is: an export file, one counter file (with the
    /// other files of its process beside it), or a directory of counter files. Shared by
    /// <see cref="Cover.Import(string)"/> and the <c>coverweaver</c> tool, so both accept the same inputs
    /// and refuse the same damage with the same messages.
    /// </summary>
    internal static class SavedCoverage
    {
        /// <summary>Every module's data at <paramref name="path"/>, each with the file it came from; counter files of instance <paramref name="own"/> are left out.</summary>
        public static List<(ModuleSnapshot Data, string File)> Read(string path, Guid own)
        {
            if (Directory.Exists(path))
            {
                var full = Path.GetFullPath(path);
                var recovered = CounterFileReader.ReadDirectory(full, own);
                if (recovered.Count == 0)
                {
                    throw new FileNotFoundException(
                        $"Directory {full} holds no counter file ({LiveCounterFiles.Extension}) of another process: nothing to import. " +
                        "Name the directory the processes wrote (COVERWEAVER_DATA or Cover.PersistTo), or an export file.", full);
                }

                return recovered.Select(r => (r.Snapshot, r.File)).ToList();
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Nothing to import at {Path.GetFullPath(path)}: no such file or directory.", path);
            }

            if (CounterFileReader.IsCounterFile(path))
            {
                return CounterFileReader.ReadFile(path, own).Select(r => (r.Snapshot, r.File)).ToList();
            }

            var file = Path.GetFullPath(path);
            return CoverageFile.Decode(File.ReadAllBytes(path), $"Coverage file {file}").Select(s => (s, file)).ToList();
        }
    }
}
