namespace CoverWeaver.Push
{
    /// <summary>
    /// What identifies a push, so that a receiver can take each push once: every push carries the
    /// process's totals so far, so a receiver that knows which process sent it, and in which order,
    /// adds only what grew since that process's previous push and ignores a push it already took
    /// (sent again after a timeout) or one overtaken by a later one.
    /// </summary>
    internal static class PushHeaders
    {
        /// <summary>The pushing process: its instance id, the one its counter files carry (new with every start).</summary>
        public const string Source = "CoverWeaver-Push-Source";

        /// <summary>Increases with every push of the process: a monotonic clock reading, taken with the totals it goes with.</summary>
        public const string Sequence = "CoverWeaver-Push-Sequence";
    }
}
