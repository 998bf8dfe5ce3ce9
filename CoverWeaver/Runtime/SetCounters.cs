using System;
using System.Threading;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// Set mode: one byte per probe, shared by all threads, that probes set to 1. A store of a
    /// constant needs no lock and is the same whichever thread wins, so it is exact for "ran or
    /// not". Reset swaps whole aligned words, atomically with respect to those byte stores
    /// (bytes are read out of the word little-endian, as on every platform .NET runs on).
    /// With counter files the bytes move into a mapped file before woven code is given their
    /// address; imports set bytes there too, which is harmless, as set-mode data merges by "or".
    /// </summary>
    internal sealed unsafe class SetCounters : ICounterStore
    {
        private readonly object _gate = new object();
        private readonly int _words;
        private byte* _bytes;
        private bool _persisted;

        public SetCounters(int slotCount)
        {
            SlotCount = slotCount;
            _words = (slotCount + 3) / 4;
            // Every thread running woven code reads these bytes: no other data may share their lines.
            _bytes = NativeMemory.AllocZeroedCacheLines((long)_words * 4);
        }

        public int SlotCount { get; }

        /// <summary>The address woven code adds a slot to.</summary>
        public IntPtr BaseAddress => (IntPtr)_bytes;

        public void ReadRange(int first, int count, long[] into)
        {
            CheckRange(first, count);
            for (var i = 0; i < count; i++)
            {
                into[i] = Volatile.Read(ref _bytes[first + i]) != 0 ? 1 : 0;
            }
        }

        public void Add(int slot, long value)
        {
            CheckRange(slot, 1);
            if (value != 0)
            {
                lock (_gate)
                {
                    Volatile.Write(ref _bytes[slot], 1);
                }
            }
        }

        public bool PersistTo(Persistence.LiveCounterFiles files)
        {
            // Imports and resets take the lock, so none writes the old bytes once they are copied.
            lock (_gate)
            {
                if (_persisted)
                {
                    return false;
                }

                for (var i = 0; i < SlotCount; i++)
                {
                    files.SetBytes[i] = _bytes[i];
                }

                _bytes = files.SetBytes;
                _persisted = true;
                return true;
            }
        }

        public void ReadAndReset(int first, int count, long[]? into)
        {
            CheckRange(first, count);
            lock (_gate)
            {
                ReadAndResetLocked(first, count, into);
            }
        }

        private void ReadAndResetLocked(int first, int count, long[]? into)
        {
            var firstWord = first / 4;
            var lastWord = (first + count - 1) / 4;
            for (var word = firstWord; count > 0 && word <= lastWord; word++)
            {
                // Take the word, then put back the bytes of neighbouring slots outside the range.
                var taken = Interlocked.Exchange(ref ((int*)_bytes)[word], 0);
                for (var b = 0; b < 4; b++)
                {
                    var slot = (word * 4) + b;
                    var value = (taken >> (8 * b)) & 0xFF;
                    if (slot >= first && slot < first + count)
                    {
                        if (into != null)
                        {
                            into[slot - first] = value != 0 ? 1 : 0;
                        }
                    }
                    else if (value != 0)
                    {
                        Volatile.Write(ref _bytes[slot], 1);
                    }
                }
            }
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
