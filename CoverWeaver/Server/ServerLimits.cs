using System;

namespace CoverWeaver.Server
{
    /// <summary>
    /// What one client may cost the host: the server lives inside someone else's process, so
    /// every request is bounded in size, time and number.
    /// </summary>
    internal sealed class ServerLimits
    {
        public static readonly ServerLimits Default = new ServerLimits();

        /// <summary>The request line and headers together, terminating blank line included.</summary>
        public int MaxHeaderBytes { get; set; } = 8 * 1024;

        public int MaxHeaderCount { get; set; } = 64;

        public int MaxBodyBytes { get; set; } = CoverEndpoint.MaxBodyBytes;

        /// <summary>From accepting the connection to having the whole request; a slower client gets 408.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>For sending the whole response; a client that reads slower is cut off.</summary>
        public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Connections served at once; more are answered 503 at once.</summary>
        public int MaxConnections { get; set; } = 32;
    }
}
