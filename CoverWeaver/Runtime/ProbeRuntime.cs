using System;
using System.ComponentModel;
using CoverWeaver.Model;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// The entry points woven code calls, once per assembly or once per thread, never per probe:
    /// probes themselves are inline IL writing to the addresses these return. Not for use by hand;
    /// the signatures are part of the contract between a woven assembly and this runtime.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static class ProbeRuntime
    {
        /// <summary>
        /// Set mode: the address of the assembly's probe bytes, shared by all threads. Called from
        /// the static constructor of the type the weaver adds. Never throws: should the assembly's
        /// probe table be unreadable, the program still runs, recording into memory no analysis reads.
        /// </summary>
        /// <param name="holder">The added type, which identifies the woven assembly.</param>
        /// <param name="slotCount">How many probes the woven code addresses.</param>
        public static IntPtr SetBlock(RuntimeTypeHandle holder, int slotCount)
        {
            var woven = Registry.Attach(holder, slotCount, CountingMode.Set);
            AgentStartup.OnAttach();
            return woven != null ? ((SetCounters)woven.Counters).BaseAddress : new SetCounters(slotCount).BaseAddress;
        }

        /// <summary>
        /// Count mode: a new block of 64-bit counters for the calling thread, which woven code keeps
        /// in a thread-static field and bumps without locking. Never throws, like <see cref="SetBlock"/>.
        /// </summary>
        /// <param name="holder">The added type, which identifies the woven assembly.</param>
        /// <param name="slotCount">How many counters the woven code addresses.</param>
        public static IntPtr ThreadBlock(RuntimeTypeHandle holder, int slotCount)
        {
            var woven = Registry.Attach(holder, slotCount, CountingMode.Count);
            AgentStartup.OnAttach();
            return woven != null ? ((ThreadCounters)woven.Counters).NewBlock() : new ThreadCounters(slotCount).NewBlock();
        }
    }
}
