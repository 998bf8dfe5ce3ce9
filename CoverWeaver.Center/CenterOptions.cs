using System;

namespace CoverWeaver.Center
{
    /// <summary>How <c>coverweaver center</c> runs.</summary>
    public sealed class CenterOptions
    {
        /// <summary>The port on 127.0.0.1; 0 picks a free one (see <see cref="CenterHost.Address"/>).</summary>
        public int Port { get; init; } = 8480;

        /// <summary>A SQLite file path, or a PostgreSQL connection string (<c>Host=…;Database=…</c> or <c>postgres://…</c>).</summary>
        public string Database { get; init; } = "coverweaver-center.db";

        /// <summary>The targets file to pull, re-read when it changes; null for none (targets may still be registered over the API).</summary>
        public string? TargetsFile { get; init; }

        /// <summary>When set, every write (runs, targets, batches, pushes) needs <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
        public string? Token { get; init; }

        /// <summary>How often every target is pulled.</summary>
        public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>How long one target may take to answer a pull.</summary>
        public TimeSpan PullTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Where pulled counts wait for the store; by default beside a SQLite file, or <c>coverweaver-center.spool</c> in the working directory.</summary>
        public string? SpoolDirectory { get; init; }
    }
}
