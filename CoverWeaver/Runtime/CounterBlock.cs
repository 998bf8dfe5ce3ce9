using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// The counters of one woven assembly: one 64-bit slot per probe, in unmanaged memory so that
    /// woven code reaches a slot at a fixed address with no array bounds check, and so that the
    /// same layout can later live in a memory-mapped file. Blocks live as long as the process.
    /// </summary>
    internal sealed unsafe class CounterBlock
    {
        private readonly long* _slots;

        public CounterBlock(int slotCount)
        {
            if (slotCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(slotCount));
            }

            SlotCount = slotCount;
            _slots = (long*)Marshal.AllocHGlobal(Math.Max(1, slotCount) * sizeof(long));
            for (var i = 0; i < slotCount; i++)
            {
                _slots[i] = 0;
            }
        }

        public int SlotCount { get; }

        /// <summary>The address woven code adds <c>slot * 8</c> to.</summary>
        public IntPtr BaseAddress => (IntPtr)_slots;

        /// <summary>Reads a slot while woven code may be bumping it: a whole 64-bit value, never torn.</summary>
        public long Read(int slot)
        {
            Check(slot);
            return Interlocked.Read(ref _slots[slot]);
        }

        /// <summary>Copies <paramref name="count"/> slots from <paramref name="first"/> into <paramref name="into"/>.</summary>
        public void ReadRange(int first, int count, long[] into)
        {
            CheckRange(first, count);
            for (var i = 0; i < count; i++)
            {
                into[i] = Interlocked.Read(ref _slots[first + i]);
            }
        }

        public void Add(int slot, long value)
        {
            Check(slot);
            Interlocked.Add(ref _slots[slot], value);
        }

        /// <summary>
        /// Zeroes a range of slots. Each slot is swapped atomically, so a hit racing with the reset
        /// is either in the value returned or stays counted, never lost and never counted twice.
        /// </summary>
        public void ReadAndReset(int first, int count, long[]? into)
        {
            CheckRange(first, count);
            for (var i = 0; i < count; i++)
            {
                var old = Interlocked.Exchange(ref _slots[first + i], 0);
                if (into != null)
                {
                    into[i] = old;
                }
            }
        }

        private void Check(int slot)
        {
            if ((uint)slot >= (uint)SlotCount)
            {
                throw new ArgumentOutOfRangeException(nameof(slot), slot, $"The block has {SlotCount} slots.");
            }
        }

        private void CheckRange(int first, int count)
        {
            if (first < 0 || count < 0 || first + count > SlotCount)
            {
                throw new ArgumentOutOfRangeException(nameof(first), $"Slots {first}..{first + count - 1} are outside the block of {SlotCount} slots.");
            }
        }
    }
}
