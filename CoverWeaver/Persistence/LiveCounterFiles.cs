using System;
using System.Collections.Generic;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Text;
using CoverWeaver.Model;

namespace CoverWeaver.Persistence
{
    /// <summary>
    /// The counters of one woven assembly in this process, kept in files of its own mapped into
    /// memory (shared mappings: every store is in the operating system's page cache at once, so a
    /// process killed at any moment leaves every hit it made in the file, with no flush). Woven code
    /// writes the mapped memory directly; this class only hands out addresses, which never move.
    /// Each file is written whole under a temporary name and renamed into place before it is
    /// mapped, so a file with the final name is never half-written.
    /// </summary>
    internal sealed unsafe class LiveCounterFiles
    {
        /// <summary>The extension of counter files; temporary files end in <c>.tmp</c> after it and are never read.</summary>
        public const string Extension = ".cwcounters";

        private readonly object _gate = new object();
        private readonly string _directory;
        private readonly AssemblyProbeTable _table;
        private readonly Guid _instance;
        private readonly int _processId;
        private readonly int _blocksPerFile;
        // The mappings must outlive every thread that writes them: they are never released.
        private readonly List<IDisposable> _keepAlive = new List<IDisposable>();
        private byte* _segment;
        private CounterFileLayout _layout;
        private int _usedBlocks;
        private int _segments;

        private LiveCounterFiles(string directory, AssemblyProbeTable table, Guid instance, int processId)
        {
            _directory = directory;
            _table = table;
            _instance = instance;
            _processId = processId;
            _blocksPerFile = CounterFileLayout.BlocksPerFile(table.Mode, table.SlotCount);
            _layout = AddSegment();
            Baseline = _layout.HasBaseline ? (long*)(_segment + _layout.BaselineOffset) : null;
            SetBytes = table.Mode == CountingMode.Set ? _segment + _layout.BlocksOffset : null;
            if (table.Mode == CountingMode.Set)
            {
                _usedBlocks = 1;
            }
        }

        /// <summary>Count mode: the reset baseline, one long per slot, written with plain stores.</summary>
        public long* Baseline { get; }

        /// <summary>Set mode: the probe bytes woven code stores 1 into.</summary>
        public byte* SetBytes { get; }

        /// <summary>The paths of the files written so far.</summary>
        public List<string> Paths { get; } = new List<string>();

        /// <summary>
        /// Creates the first file for an assembly's counters in <paramref name="directory"/> (made if
        /// missing). Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot.
        /// </summary>
        public static LiveCounterFiles Create(string directory, AssemblyProbeTable table, Guid instance, int processId)
        {
            Directory.CreateDirectory(directory);
            return new LiveCounterFiles(directory, table, instance, processId);
        }

        /// <summary>Count mode: a zeroed block for a new thread, 64-byte aligned and padded; a new file when the current one is full.</summary>
        public IntPtr NewBlock()
        {
            if (_table.Mode != CountingMode.Count)
            {
                throw new InvalidOperationException("Set-mode counters have one shared block.");
            }

            lock (_gate)
            {
                if (_usedBlocks == _layout.BlockCount)
                {
                    _layout = AddSegment();
                    _usedBlocks = 0;
                }

                return (IntPtr)(_segment + _layout.BlockOffset(_usedBlocks++));
            }
        }

        /// <summary>The file name of one segment: the assembly, its build, the process and this instance of it.</summary>
        public static string FileName(AssemblyProbeTable table, int processId, Guid instance, int segment)
        {
            var name = new StringBuilder();
            foreach (var c in table.AssemblyName)
            {
                name.Append(Array.IndexOf(Path.GetInvalidFileNameChars(), c) >= 0 || c == '-' ? '_' : c);
            }

            return $"{name}-{table.BuildId:x16}-{processId}-{instance:N}-{segment}{Extension}";
        }

        private CounterFileLayout AddSegment()
        {
            var header = new CounterFileHeader(_instance, _processId, _segments, _blocksPerFile, _table).Encode();
            var layout = new CounterFileLayout(header.Length, _table.Mode, _table.SlotCount, _segments, _blocksPerFile);
            var path = Path.Combine(_directory, FileName(_table, _processId, _instance, _segments));
            WriteWhole(path, header, layout.FileLength);
            // The file is in place: should mapping it fail, the next file takes the next number,
            // so a process's files are always numbered without gaps.
            _segments++;
            Paths.Add(path);
            var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.ReadWrite);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
            _keepAlive.Add(map);
            _keepAlive.Add(view);
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            start += view.PointerOffset;
            if (((long)start & (CounterFileLayout.CacheLine - 1)) != 0)
            {
                throw new IOException($"The mapping of {path} is not aligned to a cache line.");
            }

            _segment = start;
            return layout;
        }

        /// <summary>
        /// Writes the header and every zero of the counter region, then renames the file into place.
        /// Writing the zeros (rather than leaving a sparse file) claims the disk space now, where a
        /// full disk is an exception, instead of at a probe's first store, where it would be a crash.
        /// </summary>
        private static void WriteWhole(string path, byte[] header, long length)
        {
            var temp = path + ".tmp";
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(header, 0, header.Length);
                    var zeros = new byte[64 * 1024];
                    for (var left = length - header.Length; left > 0; left -= zeros.Length)
                    {
                        stream.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
                    }

                    // Process death never loses page-cache data; this is for a machine that stops,
                    // so that a file under its final name always has its header on disk.
                    stream.Flush(true);
                }

                File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }
    }
}
