using System;

namespace CoverWeaver.Center
{
    /// <summary>How <c>coverweaver gateway</c> runs.</summary>
    public sealed class GatewayOptions
    {
        /// <summary>The center's base URL, e.g. <c>http://127.0.0.1:8480</c>.</summary>
        public string Center { get; init; } = "";

        /// <summary>The targets file, re-read when it changes.</summary>
        public string TargetsFile { get; init; } = "";

        /// <summary>The center's token (its <c>--token</c>), sent with every batch.</summary>
        public string? Token { get; init; }

        /// <summary>How often every target is pulled.</summary>
        public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>How long one target may take to answer a pull.</summary>
        public TimeSpan PullTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Where pulled counts wait while the center cannot take them.</summary>
        public string SpoolDirectory { get; init; } = "coverweaver-gateway.spool";
    }
}
