using System;

namespace CoverWeaver.Center.Ingest
{
    /// <summary>How a batch's counts were taken, which decides how they are added.</summary>
    internal enum BatchKind
    {
        /// <summary>A target's counts taken with a reset (<c>POST /snapshot?reset=true</c>): hits made since the previous pull, added as they are.</summary>
        Pull,

        /// <summary>What a dead process left in its counter files after its last pull: added once per process, assembly and build.</summary>
        Harvest,

        /// <summary>A process's own push: the totals since it started, so only what grew since its previous push is added.</summary>
        Push,
    }

    /// <summary>
    /// One delivery of counts to the center: a pull, a harvest or a push, with what makes it
    /// idempotent. A batch is spooled to disk whole before it is delivered and deleted only once the
    /// center acknowledged it, so a batch may arrive twice and must then count once: batches of one
    /// <see cref="Source"/> carry increasing <see cref="Sequence"/> numbers and a number not above
    /// the last one taken is a repeat; a harvest also carries the key of the process files it read.
    /// </summary>
    internal sealed class Batch
    {
        /// <param name="kind">How the counts were taken.</param>
        /// <param name="service">The service the counts belong to.</param>
        /// <param name="source">Who sends batches in sequence: a gateway's target, or a pushing process.</param>
        /// <param name="sequence">This batch's number among its source's; null for a push that carries none (pushers before push ids).</param>
        /// <param name="takenAt">When the counts were taken: which run they belong to is decided by it.</param>
        /// <param name="payload">The counts, in the export format (the bytes <c>POST /snapshot</c> answers).</param>
        public Batch(BatchKind kind, string service, string source, long? sequence, DateTimeOffset takenAt, byte[] payload)
        {
            Kind = kind;
            Service = service;
            Source = source;
            Sequence = sequence;
            TakenAt = takenAt;
            Payload = payload;
        }

        public BatchKind Kind { get; }

        public string Service { get; }

        public string Source { get; }

        public long? Sequence { get; }

        public DateTimeOffset TakenAt { get; }

        /// <summary>The export-format bytes.</summary>
        public byte[] Payload { get; }

        /// <summary>For a harvest: the dead process's instance, assembly and build; read once, ever.</summary>
        public string? HarvestKey { get; init; }

        /// <summary>The commit the service was built from, when the sender knows it.</summary>
        public string? Commit { get; init; }

        /// <summary>Where the counts came from, for messages: a target's URL, a counter file.</summary>
        public string Origin { get; init; } = "";
    }
}
