using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// The two entry points woven code calls. Not for use by hand: the weaver emits these calls
    /// and their signatures are part of the contract between a woven assembly and this runtime.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static unsafe class ProbeRuntime
    {
        /// <summary>
        /// Called once per woven assembly, from the static constructor of the type the weaver adds,
        /// to get the address of the assembly's counters. Never throws: should the assembly's probe
        /// table be unreadable, the program still runs, counting into a block no analysis reads.
        /// </summary>
        /// <param name="holder">The added type, which identifies the woven assembly.</param>
        /// <param name="slotCount">How many counter slots the woven code addresses.</param>
        public static IntPtr Attach(RuntimeTypeHandle holder, int slotCount)
        {
            return Registry.Attach(holder, slotCount);
        }

        /// <summary>The probe: counts one hit on the slot at <paramref name="counter"/>, exactly, from any thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Hit(long* counter)
        {
            Interlocked.Increment(ref *counter);
        }
    }
}
