using System;
using System.Collections.Generic;
using System.Threading;
using CoverWeaver.Diagnostics;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// Count mode: every thread that runs woven code gets a block of 64-bit counters of its own,
    /// which its probes bump with a plain increment: no lock, no shared cache line, yet exact.
    /// Reading sums the blocks (an aligned 64-bit read is never torn). Resetting never writes
    /// a block, since its thread may be writing it: it moves a baseline that reads subtract.
    /// Counts added by imports are kept apart from the blocks, so that with counter files the
    /// files hold this process's own hits, less the baseline, and never what it imported.
    /// A block whose thread has exited is handed, as it is, to the next thread that asks: its
    /// counts stay in the sum (a sum does not care which thread made a hit), so nothing is folded,
    /// copied or lost, also in a counter file, and the blocks follow the threads alive, not the
    /// threads ever made.
    /// </summary>
    internal sealed unsafe class ThreadCounters : ICounterStore
    {
        private readonly object _gate = new object();
        private readonly List<IntPtr> _blocks = new List<IntPtr>();

        // The thread each block was last handed to, by index: a block is reused once its thread is dead.
        private readonly List<Thread> _owners = new List<Thread>();
        private readonly long[] _imported;
        private readonly long[] _baseline;
        private Persistence.LiveCounterFiles? _files;

        public ThreadCounters(int slotCount)
        {
            SlotCount = slotCount;
            _imported = new long[slotCount];
            _baseline = new long[slotCount];
        }

        public int SlotCount { get; }

        /// <summary>How many counter blocks exist: at most the threads that ran woven code at one time.</summary>
        public int BlockCount
        {
            get
            {
                lock (_gate)
                {
                    return _blocks.Count;
                }
            }
        }

        /// <summary>A new zeroed block for the calling thread; woven code keeps it in a thread-static field.</summary>
        public IntPtr NewBlock()
        {
            lock (_gate)
            {
                var current = Thread.CurrentThread;
                for (var i = 0; i < _owners.Count; i++)
                {
                    // A dead thread runs no more code, so no probe of it writes this block again.
                    if (!_owners[i].IsAlive)
                    {
                        _owners[i] = current;
                        return _blocks[i];
                    }
                }

                var block = FileBlock() ?? MemoryBlock();
                _blocks.Add(block);
                _owners.Add(current);
                return block;
            }
        }

        public bool PersistTo(Persistence.LiveCounterFiles files)
        {
            lock (_gate)
            {
                // With no block yet there is no hit yet, so every baseline is 0, as the file's are.
                if (_files != null || _blocks.Count > 0)
                {
                    return false;
                }

                _files = files;
                return true;
            }
        }

        private IntPtr? FileBlock()
        {
            try
            {
                return _files?.NewBlock();
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                // Never fail the host thread: its hits are counted in memory only, and said so.
                Log.Warn($"could not add a counter file ({e.Message}); a thread's counts are kept in memory only and are lost if the process dies.");
                return null;
            }
        }

        private IntPtr MemoryBlock()
        {
            // No thread's counters share a cache line with another's, nor with anything else.
            return (IntPtr)NativeMemory.AllocZeroedCacheLines((long)SlotCount * sizeof(long));
        }

        public void ReadRange(int first, int count, long[] into)
        {
            CheckRange(first, count);
            lock (_gate)
            {
                for (var i = 0; i < count; i++)
                {
                    into[i] = Interlocked.Read(ref _imported[first + i]) + Hits(first + i) - _baseline[first + i];
                }
            }
        }

        public void Add(int slot, long value)
        {
            CheckRange(slot, 1);
            Interlocked.Add(ref _imported[slot], value);
        }

        public void ReadAndReset(int first, int count, long[]? into)
        {
            CheckRange(first, count);
            lock (_gate)
            {
                for (var i = 0; i < count; i++)
                {
                    var slot = first + i;
                    var hits = Hits(slot);
                    var imported = Interlocked.Exchange(ref _imported[slot], 0);
                    if (into != null)
                    {
                        into[i] = imported + hits - _baseline[slot];
                    }

                    // One aligned 8-byte store per slot: a process killed during a reset leaves
                    // each slot's baseline old or new, never torn, and the file's count of a slot
                    // is then its hits since that slot's own last reset.
                    _baseline[slot] = hits;
                    if (_files != null)
                    {
                        Volatile.Write(ref _files.Baseline[slot], hits);
                    }
                }
            }
        }

        /// <summary>The hits of woven code on a slot since the process started, every thread's block summed.</summary>
        private long Hits(int slot)
        {
            long total = 0;
            foreach (var block in _blocks)
            {
                total += Volatile.Read(ref ((long*)block)[slot]);
            }

            return total;
        }

        private void CheckRange(int first, int count)
        {
            if (first < 0 || count < 0 || first + count > SlotCount)
            {
                throw new ArgumentOutOfRangeException(nameof(first), $"Slots {first}..{first + count - 1} are outside the {SlotCount} slots.");
            }
        }
    }
}
