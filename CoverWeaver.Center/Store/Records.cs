using System;
using System.Collections.Generic;
using CoverWeaver.Model;

namespace CoverWeaver.Center.Store
{
    /// <summary>A service: every target, push and harvest names one.</summary>
    internal sealed record ServiceRecord(long Id, string Name, string? Commit, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

    /// <summary>
    /// A test run: counts taken between its start and its seal for its services belong to it.
    /// Open until sealed; ending (its end asked for) while its final pull is under way.
    /// </summary>
    internal sealed record RunRecord(long Id, string Name, string? Commit, DateTimeOffset StartedAt, DateTimeOffset? EndRequestedAt, DateTimeOffset? SealedAt, IReadOnlyList<string> Services)
    {
        public string State => SealedAt != null ? "sealed" : EndRequestedAt != null ? "ending" : "open";
    }

    /// <summary>
    /// One build of one assembly of a service: its probe table, stored once however often it is
    /// pulled. Counts are kept per table, so a redeployed assembly (another build) starts new data.
    /// </summary>
    internal sealed record TableRecord(long Id, long ServiceId, AssemblyProbeTable Table, DateTimeOffset FirstSeen, DateTimeOffset LastSeen)
    {
        public string Assembly => Table.AssemblyName;

        public ulong BuildId => Table.BuildId;

        /// <summary>The build as every page and answer writes it: 16 hex digits.</summary>
        public string Build => BuildId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A target registered over the API, kept in the store so that a restarted center pulls it again.</summary>
    internal sealed record TargetRecord(long Id, string Service, string Url, string? Token, string? DataDirectory);

    /// <summary>What one batch did: nothing (a repeat), or its hits added to a run or to the live view.</summary>
    internal sealed record IngestResult(bool Duplicate, long RunId, int Modules, long Hits);

    /// <summary>Rows kept, for the growth benchmark and the status page.</summary>
    internal sealed record StoreSize(long CountRows, long Tables, long Runs, long Sources);

    /// <summary>Which counts to read: one run's, the live view's (outside runs), or everything a service has.</summary>
    internal readonly record struct Scope(long? RunId, bool All)
    {
        /// <summary>The run id under which counts taken outside any run are kept.</summary>
        public const long LiveRunId = 0;

        public static Scope Run(long id) => new Scope(id, false);

        public static Scope Live => new Scope(LiveRunId, false);

        public static Scope Everything => new Scope(null, true);

        public override string ToString() => All ? "all" : RunId == LiveRunId ? "live" : "run " + RunId;
    }

    /// <summary>A request that cannot be done as asked (a service already in an open run, a sealed run ended again); a 409 with its message.</summary>
    internal sealed class ConflictException : Exception
    {
        public ConflictException(string message)
            : base(message)
        {
        }
    }
}
