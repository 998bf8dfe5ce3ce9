using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Model;

namespace CoverWeaver.Persistence
{
    /// <summary>
    /// Reads counter files back as module counts: a directory's files (all but this process's
    /// own), or one file with the other files of its process and assembly beside it. Every file is
    /// checked before any count is returned; one damaged file refuses the whole read, naming it.
    /// </summary>
    internal static class CounterFileReader
    {
        /// <summary>One module's counts and the file they were read from (the first file of its group), for messages.</summary>
        public sealed class Recovered
        {
            public Recovered(ModuleSnapshot snapshot, string file)
            {
                Snapshot = snapshot;
                File = file;
            }

            public ModuleSnapshot Snapshot { get; }

            public string File { get; }
        }

        /// <summary>Whether <paramref name="path"/> is a counter file by its signature.</summary>
        public static bool IsCounterFile(string path)
        {
            var start = new byte[CounterFileHeader.Magic.Length];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return stream.Read(start, 0, start.Length) == start.Length && CounterFileHeader.LooksLikeCounterFile(start);
        }

        /// <summary>Every counter file in <paramref name="directory"/> except those of instance <paramref name="own"/>.</summary>
        public static List<Recovered> ReadDirectory(string directory, Guid own)
        {
            return Sum(ReadFiles(CounterFiles(directory), own));
        }

        /// <summary>One counter file and the other files of the same process and assembly beside it.</summary>
        /// <exception cref="ArgumentException">The file is one this process is writing; its counts are already here.</exception>
        public static List<Recovered> ReadFile(string path, Guid own)
        {
            var full = Path.GetFullPath(path);
            var (header, _, _) = ReadOne(full);
            if (header.Instance == own)
            {
                throw new ArgumentException($"Counter file {full} is one this process is writing; its counts are already counted here.", nameof(path));
            }

            // Siblings are found by name, so an unrelated damaged file beside it does not refuse this one.
            var prefix = LiveCounterFiles.FileName(header.Table, header.ProcessId, header.Instance, 0);
            prefix = prefix.Substring(0, prefix.Length - ("0" + LiveCounterFiles.Extension).Length);
            var siblings = CounterFiles(Path.GetDirectoryName(full) ?? ".")
                .Where(file => Path.GetFileName(file).StartsWith(prefix, StringComparison.Ordinal))
                .ToList();
            if (!siblings.Contains(full, StringComparer.Ordinal))
            {
                siblings.Add(full);
            }

            var files = ReadFiles(siblings, own).Where(file => Same(file.Header, header)).ToList();
            return Sum(files);
        }

        private static IEnumerable<string> CounterFiles(string directory)
        {
            // Filtered by hand: a wildcard's extension match differs between platforms, and ".tmp"
            // files, left where a process died while creating a file, must never be read.
            return Directory.GetFiles(directory)
                .Where(file => file.EndsWith(LiveCounterFiles.Extension, StringComparison.Ordinal))
                .Select(Path.GetFullPath)
                .OrderBy(file => file, StringComparer.Ordinal);
        }

        private static List<(CounterFileHeader Header, long[] Counts, long[]? Baseline, string Path)> ReadFiles(IEnumerable<string> paths, Guid own)
        {
            var files = new List<(CounterFileHeader, long[], long[]?, string)>();
            foreach (var path in paths)
            {
                var (header, counts, baseline) = ReadOne(path);
                if (header.Instance != own)
                {
                    files.Add((header, counts, baseline, path));
                }
            }

            return files;
        }

        /// <summary>
        /// One file's header, the sum of its blocks per slot, and its baseline if it has one. Reads
        /// through a shared handle: the process writing it may still be running.
        /// </summary>
        public static (CounterFileHeader Header, long[] Counts, long[]? Baseline) ReadOne(string path)
        {
            byte[] bytes;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                var read = 0;
                while (read < bytes.Length)
                {
                    var n = stream.Read(bytes, read, bytes.Length - read);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                if (read != bytes.Length)
                {
                    Array.Resize(ref bytes, read);
                }
            }

            var what = $"Counter file {path}";
            var (header, layout) = CounterFileHeader.Read(bytes, what);
            var slots = layout.SlotCount;
            var counts = new long[slots];
            for (var block = 0; block < layout.BlockCount; block++)
            {
                var at = layout.BlockOffset(block);
                for (var slot = 0; slot < slots; slot++)
                {
                    long value = layout.Mode == CountingMode.Count ? BitConverter.ToInt64(bytes, (int)(at + (slot * 8L))) : bytes[at + slot];
                    if (value < 0 || (layout.Mode == CountingMode.Set && value > 1))
                    {
                        throw new InvalidDataException($"{what}: counter {slot} holds {value}, which no probe writes (damaged).");
                    }

                    counts[slot] = Add(counts[slot], value, what, slot);
                }
            }

            long[]? baseline = null;
            if (layout.HasBaseline)
            {
                baseline = new long[slots];
                for (var slot = 0; slot < slots; slot++)
                {
                    baseline[slot] = BitConverter.ToInt64(bytes, (int)(layout.BaselineOffset + (slot * 8L)));
                }
            }

            return (header, counts, baseline);
        }

        /// <summary>
        /// A sum of counts that no run of a process can reach (2^63 hits) is damage: refused, never
        /// wrapped into a plausible small number.
        /// </summary>
        private static long Add(long total, long value, string what, int slot)
        {
            if (value > long.MaxValue - total)
            {
                throw new InvalidDataException($"{what}: counter {slot} adds up past 2^63 over its blocks, which no run can count (damaged).");
            }

            return total + value;
        }

        private static bool Same(CounterFileHeader a, CounterFileHeader b)
        {
            return a.Instance == b.Instance && a.Table.AssemblyName == b.Table.AssemblyName && a.Table.BuildId == b.Table.BuildId;
        }

        /// <summary>
        /// Adds up the files of each process's assembly: every block of every file, less the
        /// baseline the process's resets left in its first file.
        /// </summary>
        private static List<Recovered> Sum(List<(CounterFileHeader Header, long[] Counts, long[]? Baseline, string Path)> files)
        {
            var recovered = new List<Recovered>();
            var groups = files.GroupBy(file => (file.Header.Instance, file.Header.Table.AssemblyName, file.Header.Table.BuildId));
            foreach (var group in groups)
            {
                var segments = group.OrderBy(file => file.Header.Segment).ToList();
                var first = segments[0];
                for (var i = 0; i < segments.Count; i++)
                {
                    if (segments[i].Header.Segment != i)
                    {
                        // Sorted by number, so a number below its place repeats one, and one above it skips one.
                        var problem = segments[i].Header.Segment < i ? "there is a second file with that number" : $"file {i} is missing";
                        throw new InvalidDataException(
                            $"Counter file {segments[i].Path}: it is file {segments[i].Header.Segment} of its process's counters of " +
                            $"{first.Header.Table.AssemblyName}, and {problem} (damaged or incomplete).");
                    }

                    var table = segments[i].Header.Table;
                    if (table.Mode != first.Header.Table.Mode || table.SlotCount != first.Header.Table.SlotCount || segments[i].Header.ProcessId != first.Header.ProcessId)
                    {
                        throw new InvalidDataException($"Counter file {segments[i].Path}: it does not describe the same counters as {first.Path} (damaged).");
                    }
                }

                var counts = new long[first.Header.Table.SlotCount];
                foreach (var segment in segments)
                {
                    for (var slot = 0; slot < counts.Length; slot++)
                    {
                        counts[slot] = Add(counts[slot], segment.Counts[slot], $"Counter file {segment.Path}", slot);
                    }
                }

                if (first.Baseline != null)
                {
                    for (var slot = 0; slot < counts.Length; slot++)
                    {
                        counts[slot] -= first.Baseline[slot];
                        if (counts[slot] < 0)
                        {
                            throw new InvalidDataException($"Counter file {first.Path}: the reset baseline of counter {slot} exceeds its count (damaged).");
                        }
                    }
                }

                foreach (var module in first.Header.Table.Modules)
                {
                    var moduleCounts = new long[module.SlotCount];
                    Array.Copy(counts, module.FirstSlot, moduleCounts, 0, module.SlotCount);
                    recovered.Add(new Recovered(new ModuleSnapshot(first.Header.Table, module, moduleCounts), first.Path));
                }
            }

            return recovered;
        }
    }
}
