using System;
using System.Runtime.InteropServices;

namespace CoverWeaver.Bench.Calls.Harness
{
    /// <summary>
    /// CPU time of the calling thread: unlike wall time it leaves out the time other processes on
    /// this shared machine took the core, and unlike process time it leaves out the JIT's and the
    /// runtime's background threads.
    /// </summary>
    public static class ThreadClock
    {
        private const int ThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

        public static double Milliseconds()
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("The call-heavy bench reads per-thread CPU time through Linux's clock_gettime; run it on Linux.");
            }

            if (ClockGetTime(ThreadCpuTimeId, out var time) != 0)
            {
                throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed with errno " + Marshal.GetLastPInvokeError());
            }

            return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
        private static extern int ClockGetTime(int clockId, out TimeSpec time);
    }
}
