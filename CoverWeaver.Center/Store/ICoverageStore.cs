using System;
using System.Collections.Generic;
using CoverWeaver.Center.Ingest;

namespace CoverWeaver.Center.Store
{
    /// <summary>
    /// Where the center keeps everything: services, their probe tables (once per assembly build),
    /// counts per run (or the live view) and table slot, runs, and the marks that make deliveries
    /// idempotent. Every write is one transaction: what it returned from is durable, and a failure
    /// leaves nothing half-written. SQLite and PostgreSQL implement it with the same SQL
    /// (<see cref="SqlStore"/>), differing only where the databases do (<see cref="SqlDialect"/>).
    /// </summary>
    internal interface ICoverageStore : IDisposable
    {
        /// <summary>What the store is, for logs and the status page, without any password.</summary>
        string Description { get; }

        /// <summary>
        /// Adds a batch's counts to the run open for its service when they were taken, or to the
        /// service's live view; a repeated batch (its source's sequence already taken, or a harvest
        /// already read) changes nothing. Only non-zero counts are written, added onto what is there.
        /// </summary>
        /// <exception cref="System.IO.InvalidDataException">The payload is damaged, or holds another build of a module than the one stored under its build id.</exception>
        IngestResult Ingest(Batch batch);

        /// <summary>Starts a run of <paramref name="services"/> at <paramref name="at"/>.</summary>
        /// <exception cref="ConflictException">A service is in another open run.</exception>
        RunRecord StartRun(string name, string? commit, IReadOnlyList<string> services, DateTimeOffset at);

        /// <summary>Notes that the run's end was asked for; it stays open until <see cref="Seal"/>.</summary>
        /// <exception cref="ConflictException">The run is sealed.</exception>
        /// <exception cref="KeyNotFoundException">No such run.</exception>
        RunRecord RequestEnd(long runId, DateTimeOffset at);

        /// <summary>Seals the run: nothing is added to it afterwards.</summary>
        RunRecord Seal(long runId, DateTimeOffset at);

        RunRecord? Run(long id);

        /// <summary>Newest first.</summary>
        IReadOnlyList<RunRecord> Runs();

        /// <summary>By name.</summary>
        IReadOnlyList<ServiceRecord> Services();

        ServiceRecord? Service(string name);

        /// <summary>The service's assembly builds, oldest first.</summary>
        IReadOnlyList<TableRecord> Tables(long serviceId);

        /// <summary>Every slot's count of each table in <paramref name="scope"/>, zero where nothing is stored.</summary>
        Dictionary<long, long[]> Counts(Scope scope, IReadOnlyList<TableRecord> tables);

        /// <summary>The runs each table has counts in (with <see cref="Scope.LiveRunId"/> for the live view).</summary>
        Dictionary<long, IReadOnlyList<long>> RunsWithCounts(long serviceId);

        IReadOnlyList<TargetRecord> Targets();

        /// <summary>Registers a target, or updates the one at that URL.</summary>
        TargetRecord AddTarget(string service, string url, string? token, string? dataDirectory);

        bool RemoveTarget(long id);

        StoreSize Size();
    }
}
