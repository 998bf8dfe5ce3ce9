using System;
using System.Runtime.InteropServices;

namespace CoverWeaver.Runtime
{
    /// <summary>Zeroed unmanaged memory that lives as long as the process: woven code holds raw addresses into it.</summary>
    internal static unsafe class NativeMemory
    {
        public static byte* AllocZeroed(long bytes)
        {
            var size = Math.Max(8, (bytes + 7) & ~7L);
            var memory = (byte*)Marshal.AllocHGlobal(new IntPtr(size));
            var words = (long*)memory;
            for (long i = 0; i < size / 8; i++)
            {
                words[i] = 0;
            }

            return memory;
        }

        /// <summary>
        /// Zeroed memory for counters that threads read and write without locking: it starts on a
        /// cache-line boundary and the lines it uses hold nothing else (the allocation reaches past
        /// them on both sides), so no neighbouring allocation, written by another core, can take a
        /// line of probes away from the cores reading it.
        /// </summary>
        public static byte* AllocZeroedCacheLines(long bytes)
        {
            const int cacheLine = 64;
            var memory = AllocZeroed(bytes + (3 * cacheLine));
            return (byte*)(((long)memory + (2 * cacheLine) - 1) & ~(long)(cacheLine - 1));
        }
    }
}
