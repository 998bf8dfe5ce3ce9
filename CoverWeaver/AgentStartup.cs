using System;
using System.Threading;
using CoverWeaver.Diagnostics;

namespace CoverWeaver
{
    /// <summary>
    /// What a woven process starts by itself when its first woven assembly attaches, as its
    /// environment asks: the coverage endpoint (<c>COVERWEAVER_LISTEN</c>) and the push
    /// (<c>COVERWEAVER_PUSH_URL</c>). A process gets them without a line of code, and only when
    /// asked. Called by <see cref="Runtime.ProbeRuntime"/>, so the registry knows nothing of servers or pushes.
    /// </summary>
    internal static class AgentStartup
    {
        private static int _started;

        /// <summary>Called on every attach (once per thread in count mode), so after the first it costs one read. Never throws.</summary>
        public static void OnAttach()
        {
            if (Volatile.Read(ref _started) != 0 || Interlocked.Exchange(ref _started, 1) != 0)
            {
                return;
            }

            try
            {
                Server.AutoStart.FromEnvironment();
                CoverPush.StartFromEnvironment();
            }
            catch (Exception e)
            {
                Log.Warn("could not start what the environment asks for: " + e.Message);
            }
        }
    }
}
