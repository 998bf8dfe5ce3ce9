using System.Collections.Generic;

namespace CoverWeaver.Center.Store
{
    /// <summary>
    /// The store's tables, versioned: each entry of <see cref="Migrations"/> takes the schema one
    /// version up, and a store records the version it is at, so an older store is brought up to
    /// date on open and a newer one is refused. <c>{ID}</c> and <c>{BLOB}</c> are the dialect's
    /// auto-numbered key and byte types; everything else is SQL both databases read alike. Times are
    /// Unix milliseconds.
    /// </summary>
    internal static class Schema
    {
        public static readonly IReadOnlyList<string[]> Migrations = new[]
        {
            new[]
            {
                "CREATE TABLE services (id {ID}, name TEXT NOT NULL UNIQUE, commit_id TEXT, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL)",
                // One row per build of an assembly of a service: its probe table, encoded once.
                "CREATE TABLE probe_tables (id {ID}, service_id BIGINT NOT NULL REFERENCES services(id), assembly TEXT NOT NULL, build_id TEXT NOT NULL, " +
                "body {BLOB} NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, UNIQUE (service_id, assembly, build_id))",
                "CREATE TABLE runs (id {ID}, name TEXT NOT NULL, commit_id TEXT, started_at BIGINT NOT NULL, end_requested_at BIGINT, sealed_at BIGINT)",
                "CREATE TABLE run_services (run_id BIGINT NOT NULL REFERENCES runs(id), service_id BIGINT NOT NULL REFERENCES services(id), PRIMARY KEY (run_id, service_id))",
                // Non-zero counts only, added onto per pull: rows grow with the probes touched, never with the pulls. run_id 0 is the live view.
                "CREATE TABLE counts (run_id BIGINT NOT NULL, table_id BIGINT NOT NULL REFERENCES probe_tables(id), slot INTEGER NOT NULL, hits BIGINT NOT NULL, PRIMARY KEY (run_id, table_id, slot))",
                "CREATE INDEX counts_by_table ON counts (table_id, run_id)",
                // The last sequence number taken from each sender of batches: one row per gateway target or pushing process.
                "CREATE TABLE sources (source TEXT PRIMARY KEY, last_sequence BIGINT NOT NULL, last_seen BIGINT NOT NULL)",
                // Dead processes whose counter files were read: one row per process, assembly and build.
                "CREATE TABLE harvests (harvest_key TEXT PRIMARY KEY, service_id BIGINT NOT NULL REFERENCES services(id), harvested_at BIGINT NOT NULL)",
                // A pushing process's totals as of its last push, so that the next push adds only what grew.
                "CREATE TABLE push_totals (source TEXT NOT NULL, table_id BIGINT NOT NULL REFERENCES probe_tables(id), slot INTEGER NOT NULL, hits BIGINT NOT NULL, PRIMARY KEY (source, table_id, slot))",
                // Which tables each run (and the live view) has counts of: what a run page lists without reading its counts.
                "CREATE TABLE scope_tables (run_id BIGINT NOT NULL, table_id BIGINT NOT NULL REFERENCES probe_tables(id), PRIMARY KEY (run_id, table_id))",
                "CREATE TABLE targets (id {ID}, service TEXT NOT NULL, url TEXT NOT NULL UNIQUE, token TEXT, data_dir TEXT, added_at BIGINT NOT NULL)",
            },
        };

        /// <summary>The version this code writes and reads.</summary>
        public static int Version => Migrations.Count;
    }
}
