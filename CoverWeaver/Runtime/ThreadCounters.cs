using System;
using System.Collections.Generic;
using System.Threading;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// Count mode: every thread that runs woven code gets a block of 64-bit counters of its own,
    /// which its probes bump with a plain increment: no lock, no shared cache line, yet exact.
    /// Reading sums the blocks (an aligned 64-bit read is never torn). Resetting never writes
    /// a block, since its thread may be writing it: it moves a baseline that reads subtract.
    /// </summary>
    internal sealed unsafe class ThreadCounters : ICounterStore
    {
        private const int CacheLine = 64;

        private readonly object _gate = new object();
        private readonly List<IntPtr> _blocks = new List<IntPtr>();
        private readonly long[] _imported;
        private readonly long[] _baseline;

        public ThreadCounters(int slotCount)
        {
            SlotCount = slotCount;
            _imported = new long[slotCount];
            _baseline = new long[slotCount];
        }

        public int SlotCount { get; }

        /// <summary>How many threads have counted into this assembly.</summary>
        public int ThreadCount
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
            // A cache line of padding on each side: no thread's counters share a line with another's.
            var block = (IntPtr)(NativeMemory.AllocZeroed(((long)SlotCount * sizeof(long)) + (2 * CacheLine)) + CacheLine);
            lock (_gate)
            {
                _blocks.Add(block);
            }

            return block;
        }

        public void ReadRange(int first, int count, long[] into)
        {
            CheckRange(first, count);
            lock (_gate)
            {
                for (var i = 0; i < count; i++)
                {
                    into[i] = Total(first + i) - _baseline[first + i];
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
                    var total = Total(first + i);
                    if (into != null)
                    {
                        into[i] = total - _baseline[first + i];
                    }

                    _baseline[first + i] = total;
                }
            }
        }

        private long Total(int slot)
        {
            var total = Interlocked.Read(ref _imported[slot]);
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
