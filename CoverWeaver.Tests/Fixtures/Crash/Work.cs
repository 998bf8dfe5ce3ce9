using System;
using System.Runtime.CompilerServices;

namespace Fixtures.Crash
{
    /// <summary>The woven code whose line the crash tests count.</summary>
    public static class Work
    {
        [ThreadStatic]
        private static long _done;

        /// <summary>Runs its one line once per call; not inlined, so the caller's progress stores stay on either side of it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Step()
        {
            _done++;                                                     // the counted line
        }
    }
}
