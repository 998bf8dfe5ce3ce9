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
    }
}
