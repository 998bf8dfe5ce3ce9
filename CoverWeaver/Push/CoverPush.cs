using System;
using CoverWeaver.Diagnostics;
using CoverWeaver.Push;
using CoverWeaver.Runtime;

namespace CoverWeaver
{
    /// <summary>
    /// Pushes this process's coverage to a URL, on an interval and when the process exits: in the
    /// export format or as a Coveralls job. Set up from code, or from the environment when woven
    /// code first runs: <c>COVERWEAVER_PUSH_URL</c>, <c>COVERWEAVER_PUSH_FORMAT</c>
    /// (<c>coverweaver</c> or <c>coveralls</c>), <c>COVERWEAVER_PUSH_INTERVAL</c> (seconds; without
    /// it, only at exit), <c>COVERWEAVER_PUSH_TOKEN</c> (sent as a bearer token),
    /// <c>COVERWEAVER_SERVICE_NAME</c> and <c>COVERWEAVER_JOB_ID</c> (Coveralls' service name and job id).
    /// Every push carries the totals so far. A failed push never throws into the host program:
    /// it is said once per kind of failure on stderr, and the next push tries again.
    /// </summary>
    public static class CoverPush
    {
        private static readonly object Gate = new object();
        private static Pusher? _pusher;

        /// <summary>Pushes to <paramref name="url"/> from now on, replacing any push set up before.</summary>
        /// <param name="url">The receiver; each push is a POST to it.</param>
        /// <param name="format">What to send.</param>
        /// <param name="interval">How often; null to push only at exit (and on <see cref="PushNow"/>).</param>
        /// <param name="token">Sent as <c>Authorization: Bearer &lt;token&gt;</c> when set.</param>
        /// <exception cref="ArgumentException">The URL is not http or https, or the interval is not positive.</exception>
        public static void Start(string url, PushFormat format = PushFormat.CoverWeaver, TimeSpan? interval = null, string? token = null)
        {
            if (url == null || !PushSettings.TryUrl(url, out var uri))
            {
                throw new ArgumentException($"'{url}' is not an http or https URL to push coverage to.", nameof(url));
            }

            if (interval != null && interval <= TimeSpan.Zero)
            {
                throw new ArgumentException("The push interval must be positive; give null to push only at exit.", nameof(interval));
            }

            Start(new Pusher(new PushSettings(uri!, format, interval, token)));
        }

        /// <summary>Stops pushing, at exit too. Nothing is sent.</summary>
        public static void Stop()
        {
            lock (Gate)
            {
                _pusher?.Stop();
                _pusher = null;
            }
        }

        /// <summary>Pushes now, if a push is set up; true if the receiver took it.</summary>
        public static bool PushNow()
        {
            Pusher? pusher;
            lock (Gate)
            {
                pusher = _pusher;
            }

            return pusher != null && pusher.PushNow();
        }

        /// <summary>Sets up a push from the environment, if it asks for one; never throws.</summary>
        internal static void StartFromEnvironment()
        {
            try
            {
                var settings = PushSettings.FromEnvironment(Environment.GetEnvironmentVariable, Log.Warn);
                if (settings != null)
                {
                    Start(new Pusher(settings));
                }
            }
            catch (Exception e)
            {
                Log.Warn("could not set up the coverage push from the environment: " + e.Message);
            }
        }

        private static void Start(Pusher pusher)
        {
            lock (Gate)
            {
                _pusher?.Stop();
                _pusher = pusher;
                pusher.Start();
            }
        }
    }
}
