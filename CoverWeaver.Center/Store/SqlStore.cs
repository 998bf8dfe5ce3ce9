using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Linq;
using CoverWeaver.Center.Ingest;
using CoverWeaver.Data;
using CoverWeaver.Model;

namespace CoverWeaver.Center.Store
{
    /// <summary>
    /// The store over SQL, one text for SQLite and PostgreSQL. Counts are kept per (run, probe
    /// table, slot), non-zero only and added onto per batch, so the rows grow with the probes a run
    /// touches and never with the number of pulls. A probe table is stored once per service and
    /// assembly build; data of another build of a module under the same build id is refused by the
    /// <see cref="BuildRule"/>, as everywhere else data meets.
    /// </summary>
    internal sealed class SqlStore : ICoverageStore
    {
        // Keys for SqlDialect.Serialize: any constants, the same in every center.
        private const long MigrationKey = 0x436f766572576561;
        private const long RunsKey = 0x436f766572576562;

        private readonly SqlDialect _dialect;

        // Decoded probe tables by id, with the length of the body they were decoded from: a body
        // grows only when a table first seen in part is completed.
        private readonly ConcurrentDictionary<long, (int Length, AssemblyProbeTable Table)> _tables = new ConcurrentDictionary<long, (int, AssemblyProbeTable)>();

        // Table ids by service, assembly and build, once committed; ids never change.
        private readonly ConcurrentDictionary<(long Service, string Assembly, ulong Build), long> _tableIds = new ConcurrentDictionary<(long, string, ulong), long>();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AssemblyProbeTable, Dictionary<string, ModuleProbes>> ModulesByName =
            new System.Runtime.CompilerServices.ConditionalWeakTable<AssemblyProbeTable, Dictionary<string, ModuleProbes>>();

        // Tables already parsed, so a pull's payload costs a byte comparison rather than a parse.
        private readonly DecodedTables _decoded = new DecodedTables();

        public SqlStore(SqlDialect dialect)
        {
            _dialect = dialect;
            Migrate();
        }

        public string Description => _dialect.Description;

        public void Dispose() => _dialect.Dispose();

        private void Migrate()
        {
            using var writing = _dialect.WriteLock();
            using var connection = _dialect.Open();
            Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            while (true)
            {
                using var transaction = connection.BeginTransaction();
                _dialect.Serialize(connection, transaction, MigrationKey);
                var version = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version") ?? 0);
                if (version > Schema.Version)
                {
                    throw new InvalidDataException(
                        $"{Description} holds a center's data of schema version {version}; this coverweaver knows versions up to {Schema.Version}. " +
                        "Use the coverweaver that wrote it, or a newer one.");
                }

                if (version == Schema.Version)
                {
                    transaction.Commit();
                    return;
                }

                foreach (var statement in Schema.Migrations[version])
                {
                    Execute(connection, transaction, statement.Replace("{ID}", _dialect.IdColumn).Replace("{BLOB}", _dialect.BlobType));
                }

                Execute(connection, transaction, "DELETE FROM schema_version");
                Execute(connection, transaction, "INSERT INTO schema_version (version) VALUES (@v)", ("v", version + 1));
                transaction.Commit();
            }
        }

        public IngestResult Ingest(Batch batch)
        {
            // Decoded before the transaction: damage refuses the batch without touching the store.
            var what = $"The counts from {(batch.Origin.Length > 0 ? batch.Origin : batch.Source)}";
            var assemblies = Assemblies(CoverageFile.Decode(batch.Payload, what, _decoded), what);
            var now = Now();
            using var writing = _dialect.WriteLock();
            using var connection = _dialect.Open();
            using var transaction = connection.BeginTransaction();
            if (!TakeSequence(connection, transaction, batch, now))
            {
                transaction.Commit();
                return new IngestResult(true, 0, 0, 0);
            }

            var service = ServiceId(connection, transaction, batch.Service, now);
            if (batch.HarvestKey != null &&
                Execute(connection, transaction, "INSERT INTO harvests (harvest_key, service_id, harvested_at) VALUES (@k, @s, @now) ON CONFLICT (harvest_key) DO NOTHING",
                    ("k", batch.HarvestKey), ("s", service), ("now", now)) == 0)
            {
                transaction.Commit();
                return new IngestResult(true, 0, 0, 0);
            }

            if (batch.Commit != null)
            {
                Execute(connection, transaction, "UPDATE services SET commit_id = @c WHERE id = @s", ("c", batch.Commit), ("s", service));
            }

            var run = Convert.ToInt64(Scalar(connection, transaction,
                "SELECT r.id FROM runs r JOIN run_services rs ON rs.run_id = r.id " +
                "WHERE rs.service_id = @s AND r.sealed_at IS NULL AND r.started_at <= @taken ORDER BY r.started_at DESC LIMIT 1" + _dialect.LockRunRow,
                ("s", service), ("taken", batch.TakenAt.ToUnixTimeMilliseconds())) ?? Scope.LiveRunId);
            long hits = 0;
            var modules = 0;
            var committed = new List<Action>();
            foreach (var (table, counts) in assemblies)
            {
                var tableId = TableId(connection, transaction, service, table, now, what, committed);
                modules += table.Modules.Count;
                var added = batch.Kind == BatchKind.Push ? Grown(connection, transaction, batch.Source, tableId, counts) : counts;
                var slots = new List<int>();
                var values = new List<long>();
                for (var slot = 0; slot < added.Length; slot++)
                {
                    if (added[slot] != 0)
                    {
                        slots.Add(slot);
                        values.Add(added[slot]);
                        hits += added[slot];
                    }
                }

                Execute(connection, transaction, "INSERT INTO scope_tables (run_id, table_id) VALUES (@r, @t) ON CONFLICT (run_id, table_id) DO NOTHING", ("r", run), ("t", tableId));
                if (slots.Count > 0)
                {
                    _dialect.Upsert(connection, transaction, "counts", "run_id", run, tableId, slots, values, add: true);
                }
            }

            transaction.Commit();
            committed.ForEach(remember => remember());
            return new IngestResult(false, run, modules, hits);
        }

        /// <summary>
        /// The batch's counts per assembly build, as whole-table slot arrays. Two parts of one
        /// assembly build in one payload are added under the build rule.
        /// </summary>
        private static List<(AssemblyProbeTable Table, long[] Counts)> Assemblies(List<ModuleSnapshot> snapshots, string what)
        {
            var result = new List<(AssemblyProbeTable, long[])>();
            foreach (var group in SnapshotSum.Sum(snapshots.Select(s => (s, what))).GroupBy(s => (s.Assembly.AssemblyName, s.Assembly.BuildId)))
            {
                var first = group.First().Assembly;
                var table = new AssemblyProbeTable { AssemblyName = first.AssemblyName, BuildId = first.BuildId, Mode = first.Mode, SlotCount = first.SlotCount };
                table.Documents.AddRange(first.Documents);
                var counts = new long[first.SlotCount];
                foreach (var snapshot in group)
                {
                    if (!ReferenceEquals(snapshot.Assembly, first) && (snapshot.Assembly.SlotCount != first.SlotCount || !snapshot.Assembly.Documents.SequenceEqual(first.Documents)))
                    {
                        throw new InvalidDataException($"{what}: two tables of build {first.BuildId:x16} of {first.AssemblyName} differ (damaged).");
                    }

                    if (snapshot.Module.FirstSlot < 0 || snapshot.Module.FirstSlot + snapshot.Module.SlotCount > first.SlotCount)
                    {
                        throw new InvalidDataException($"{what}: module {snapshot.Module.Name} lies outside its assembly's counters (damaged).");
                    }

                    table.Modules.Add(snapshot.Module);
                    Array.Copy(snapshot.Counts, 0, counts, snapshot.Module.FirstSlot, snapshot.Module.SlotCount);
                }

                result.Add((table, counts));
            }

            return result;
        }

        /// <summary>False when the batch's source already delivered this sequence number or a later one.</summary>
        private static bool TakeSequence(DbConnection connection, DbTransaction transaction, Batch batch, long now)
        {
            if (batch.Sequence is not long sequence)
            {
                return true;
            }

            Execute(connection, transaction, "INSERT INTO sources (source, last_sequence, last_seen) VALUES (@s, @none, @now) ON CONFLICT (source) DO NOTHING",
                ("s", batch.Source), ("none", long.MinValue), ("now", now));
            return Execute(connection, transaction, "UPDATE sources SET last_sequence = @q, last_seen = @now WHERE source = @s AND last_sequence < @q",
                ("s", batch.Source), ("q", sequence), ("now", now)) == 1;
        }

        /// <summary>
        /// What a push adds: each slot's growth since the source's previous push; a slot lower than
        /// then means the process reset its counters (or restarted under the same source), and all
        /// of it is new. The totals are kept for the next push.
        /// </summary>
        private long[] Grown(DbConnection connection, DbTransaction transaction, string source, long tableId, long[] totals)
        {
            var before = new Dictionary<int, long>();
            using (var read = Command(connection, transaction, "SELECT slot, hits FROM push_totals WHERE source = @s AND table_id = @t", ("s", source), ("t", tableId)))
            using (var rows = read.ExecuteReader())
            {
                while (rows.Read())
                {
                    before[rows.GetInt32(0)] = rows.GetInt64(1);
                }
            }

            var grown = new long[totals.Length];
            var slots = new List<int>();
            var values = new List<long>();
            for (var slot = 0; slot < totals.Length; slot++)
            {
                before.TryGetValue(slot, out var was);
                grown[slot] = totals[slot] >= was ? totals[slot] - was : totals[slot];
                if (totals[slot] != was)
                {
                    slots.Add(slot);
                    values.Add(totals[slot]);
                }
            }

            if (slots.Count > 0)
            {
                _dialect.Upsert(connection, transaction, "push_totals", "source", source, tableId, slots, values, add: false);
            }

            return grown;
        }

        private static long ServiceId(DbConnection connection, DbTransaction transaction, string name, long now)
        {
            return Convert.ToInt64(Scalar(connection, transaction,
                "INSERT INTO services (name, first_seen, last_seen) VALUES (@n, @now, @now) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen RETURNING id",
                ("n", name), ("now", now)));
        }

        /// <summary>
        /// The stored table of this assembly build, inserted if new. Every module that comes in must
        /// be the stored module's build (the one build rule); a module the stored table lacks (it was
        /// first seen in part) is added to it. Ids are remembered: a table's body is read once.
        /// </summary>
        private long TableId(DbConnection connection, DbTransaction transaction, long service, AssemblyProbeTable incoming, long now, string what, List<Action> committed)
        {
            var build = incoming.BuildId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            var key = (service, incoming.AssemblyName, incoming.BuildId);
            if (!_tableIds.TryGetValue(key, out var id))
            {
                var found = Scalar(connection, transaction, "SELECT id FROM probe_tables WHERE service_id = @s AND assembly = @a AND build_id = @b",
                    ("s", service), ("a", incoming.AssemblyName), ("b", build));
                if (found == null)
                {
                    var encoded = ProbeTableCodec.Encode(incoming);
                    id = Convert.ToInt64(Scalar(connection, transaction,
                        "INSERT INTO probe_tables (service_id, assembly, build_id, body, first_seen, last_seen) VALUES (@s, @a, @b, @body, @now, @now) RETURNING id",
                        ("s", service), ("a", incoming.AssemblyName), ("b", build), ("body", encoded), ("now", now)));
                    // Remembered once committed: after a rollback, SQLite may give the id to another table.
                    var inserted = id;
                    committed.Add(() =>
                    {
                        _tables[inserted] = (encoded.Length, incoming);
                        _tableIds[key] = inserted;
                    });
                    return id;
                }

                id = Convert.ToInt64(found);
            }

            var stored = StoredTable(connection, transaction, id);
            var missing = Check(stored, incoming, build, what);
            if (missing.Count > 0)
            {
                // Read again: another center sharing the store may have completed it meanwhile.
                stored = Decoded(id, (byte[])Scalar(connection, transaction, "SELECT body FROM probe_tables WHERE id = @id", ("id", id))!);
                missing = Check(stored, incoming, build, what);
            }

            if (missing.Count > 0)
            {
                var whole = new AssemblyProbeTable { AssemblyName = stored.AssemblyName, BuildId = stored.BuildId, Mode = stored.Mode, SlotCount = stored.SlotCount };
                whole.Documents.AddRange(stored.Documents);
                whole.Modules.AddRange(stored.Modules.Concat(missing).OrderBy(m => m.FirstSlot));
                var encoded = ProbeTableCodec.Encode(whole);
                Execute(connection, transaction, "UPDATE probe_tables SET body = @body, last_seen = @now WHERE id = @id", ("body", encoded), ("now", now), ("id", id));
                committed.Add(() => _tables[id] = (encoded.Length, whole));
            }
            else
            {
                Execute(connection, transaction, "UPDATE probe_tables SET last_seen = @now WHERE id = @id", ("now", now), ("id", id));
            }

            committed.Add(() => _tableIds[key] = id);
            return id;
        }

        /// <summary>The incoming modules the stored table lacks; a module of another build refuses the whole batch.</summary>
        private static List<ModuleProbes> Check(AssemblyProbeTable stored, AssemblyProbeTable incoming, string build, string what)
        {
            var byName = ModulesByName.GetValue(stored, t => t.Modules.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));
            var missing = new List<ModuleProbes>();
            foreach (var module in incoming.Modules)
            {
                if (!byName.TryGetValue(module.Name, out var known))
                {
                    missing.Add(module);
                    continue;
                }

                var mismatch = BuildRule.Mismatch(ModuleBuild.Of(stored, known, $"the center's table of build {build}"), ModuleBuild.Of(incoming, module, what));
                if (mismatch != null || known.FirstSlot != module.FirstSlot || stored.SlotCount != incoming.SlotCount)
                {
                    throw new InvalidDataException($"{what}: module {module.Name} of {incoming.AssemblyName} cannot be added: {mismatch ?? "its counters lie elsewhere in the assembly's"}.");
                }
            }

            return missing;
        }

        private AssemblyProbeTable StoredTable(DbConnection connection, DbTransaction transaction, long id) =>
            _tables.TryGetValue(id, out var cached)
                ? cached.Table
                : Decoded(id, (byte[])Scalar(connection, transaction, "SELECT body FROM probe_tables WHERE id = @id", ("id", id))!);

        private AssemblyProbeTable Decoded(long id, byte[] body)
        {
            if (_tables.TryGetValue(id, out var cached) && cached.Length == body.Length)
            {
                return cached.Table;
            }

            var table = ProbeTableCodec.Decode(body, $"The center's probe table {id}");
            _tables[id] = (body.Length, table);
            return table;
        }

        public RunRecord StartRun(string name, string? commit, IReadOnlyList<string> services, DateTimeOffset at)
        {
            var now = Now();
            long id;
            using (_dialect.WriteLock())
            using (var connection = _dialect.Open())
            using (var transaction = connection.BeginTransaction())
            {
                _dialect.Serialize(connection, transaction, RunsKey);
                var ids = services.Select(s => ServiceId(connection, transaction, s, now)).ToList();
                var busy = new List<string>();
                foreach (var (service, serviceId) in services.Zip(ids))
                {
                    var open = Scalar(connection, transaction,
                        "SELECT r.id FROM runs r JOIN run_services rs ON rs.run_id = r.id WHERE rs.service_id = @s AND r.sealed_at IS NULL LIMIT 1", ("s", serviceId));
                    if (open != null)
                    {
                        busy.Add($"{service} (run {Convert.ToInt64(open)})");
                    }
                }

                if (busy.Count > 0)
                {
                    throw new ConflictException($"These services are in a run that has not ended: {string.Join(", ", busy)}. End it first (POST /api/runs/<id>/end).");
                }

                id = Convert.ToInt64(Scalar(connection, transaction, "INSERT INTO runs (name, commit_id, started_at) VALUES (@n, @c, @at) RETURNING id",
                    ("n", name), ("c", (object?)commit), ("at", at.ToUnixTimeMilliseconds())));
                foreach (var serviceId in ids)
                {
                    Execute(connection, transaction, "INSERT INTO run_services (run_id, service_id) VALUES (@r, @s)", ("r", id), ("s", serviceId));
                    if (commit != null)
                    {
                        Execute(connection, transaction, "UPDATE services SET commit_id = @c WHERE id = @s", ("c", commit), ("s", serviceId));
                    }
                }

                transaction.Commit();
            }

            return Run(id)!;
        }

        public RunRecord RequestEnd(long runId, DateTimeOffset at)
        {
            using (_dialect.WriteLock())
            using (var connection = _dialect.Open())
            {
                Execute(connection, null, "UPDATE runs SET end_requested_at = @at WHERE id = @id AND end_requested_at IS NULL AND sealed_at IS NULL",
                    ("at", at.ToUnixTimeMilliseconds()), ("id", runId));
            }

            var run = Run(runId) ?? throw new KeyNotFoundException($"There is no run {runId}.");
            if (run.SealedAt != null)
            {
                throw new ConflictException($"Run {runId} ({run.Name}) was sealed at {run.SealedAt:O}; a sealed run does not change.");
            }

            return run;
        }

        public RunRecord Seal(long runId, DateTimeOffset at)
        {
            using (_dialect.WriteLock())
            using (var connection = _dialect.Open())
            {
                Execute(connection, null, "UPDATE runs SET sealed_at = @at, end_requested_at = COALESCE(end_requested_at, @at) WHERE id = @id AND sealed_at IS NULL",
                    ("at", at.ToUnixTimeMilliseconds()), ("id", runId));
            }

            return Run(runId) ?? throw new KeyNotFoundException($"There is no run {runId}.");
        }

        public RunRecord? Run(long id) => ReadRuns("WHERE r.id = @id", ("id", id)).FirstOrDefault();

        public IReadOnlyList<RunRecord> Runs() => ReadRuns("");

        private List<RunRecord> ReadRuns(string where, params (string, object?)[] parameters)
        {
            using var connection = _dialect.Open();
            var runs = new List<(long Id, string Name, string? Commit, long Started, long? Ending, long? Sealed)>();
            using (var command = Command(connection, null, $"SELECT r.id, r.name, r.commit_id, r.started_at, r.end_requested_at, r.sealed_at FROM runs r {where} ORDER BY r.id DESC", parameters))
            using (var rows = command.ExecuteReader())
            {
                while (rows.Read())
                {
                    runs.Add((rows.GetInt64(0), rows.GetString(1), rows.IsDBNull(2) ? null : rows.GetString(2), rows.GetInt64(3),
                        rows.IsDBNull(4) ? null : rows.GetInt64(4), rows.IsDBNull(5) ? null : rows.GetInt64(5)));
                }
            }

            var services = new Dictionary<long, List<string>>();
            using (var command = Command(connection, null, "SELECT rs.run_id, s.name FROM run_services rs JOIN services s ON s.id = rs.service_id ORDER BY s.name"))
            using (var rows = command.ExecuteReader())
            {
                while (rows.Read())
                {
                    var run = rows.GetInt64(0);
                    if (!services.TryGetValue(run, out var names))
                    {
                        services[run] = names = new List<string>();
                    }

                    names.Add(rows.GetString(1));
                }
            }

            return runs.Select(r => new RunRecord(r.Id, r.Name, r.Commit, Time(r.Started), Time(r.Ending), Time(r.Sealed),
                services.TryGetValue(r.Id, out var names) ? names : new List<string>())).ToList();
        }

        public IReadOnlyList<ServiceRecord> Services() => ReadServices("");

        public ServiceRecord? Service(string name) => ReadServices("WHERE name = @n", ("n", name)).FirstOrDefault();

        private List<ServiceRecord> ReadServices(string where, params (string, object?)[] parameters)
        {
            using var connection = _dialect.Open();
            using var command = Command(connection, null, $"SELECT id, name, commit_id, first_seen, last_seen FROM services {where} ORDER BY name", parameters);
            using var rows = command.ExecuteReader();
            var services = new List<ServiceRecord>();
            while (rows.Read())
            {
                services.Add(new ServiceRecord(rows.GetInt64(0), rows.GetString(1), rows.IsDBNull(2) ? null : rows.GetString(2), Time(rows.GetInt64(3)), Time(rows.GetInt64(4))));
            }

            return services;
        }

        public IReadOnlyList<TableRecord> Tables(long serviceId)
        {
            using var connection = _dialect.Open();
            var found = new List<(long Id, int Length, long First, long Last)>();
            using (var command = Command(connection, null, "SELECT id, length(body), first_seen, last_seen FROM probe_tables WHERE service_id = @s ORDER BY first_seen, id", ("s", serviceId)))
            using (var rows = command.ExecuteReader())
            {
                while (rows.Read())
                {
                    found.Add((rows.GetInt64(0), Convert.ToInt32(rows.GetValue(1)), rows.GetInt64(2), rows.GetInt64(3)));
                }
            }

            var tables = new List<TableRecord>();
            foreach (var (id, length, first, last) in found)
            {
                if (!_tables.TryGetValue(id, out var cached) || cached.Length != length)
                {
                    var body = (byte[])Scalar(connection, null, "SELECT body FROM probe_tables WHERE id = @id", ("id", id))!;
                    Decoded(id, body);
                }

                tables.Add(new TableRecord(id, serviceId, _tables[id].Table, Time(first), Time(last)));
            }

            return tables;
        }

        public Dictionary<long, long[]> Counts(Scope scope, IReadOnlyList<TableRecord> tables)
        {
            var result = tables.ToDictionary(t => t.Id, t => new long[t.Table.SlotCount]);
            if (tables.Count == 0)
            {
                return result;
            }

            using var connection = _dialect.Open();
            var parameters = tables.Select((t, i) => ("t" + i, (object?)t.Id)).ToList();
            var inList = string.Join(", ", parameters.Select(p => "@" + p.Item1));
            var sql = scope.All
                ? $"SELECT table_id, slot, SUM(hits) FROM counts WHERE table_id IN ({inList}) GROUP BY table_id, slot"
                : $"SELECT table_id, slot, hits FROM counts WHERE run_id = @r AND table_id IN ({inList})";
            if (!scope.All)
            {
                parameters.Add(("r", scope.RunId));
            }

            using var command = Command(connection, null, sql, parameters.ToArray());
            using var rows = command.ExecuteReader();
            long[]? counts = null;
            var tableId = long.MinValue;
            while (rows.Read())
            {
                // Rows come grouped by table: the array is looked up when the table changes.
                var id = rows.GetInt64(0);
                if (id != tableId)
                {
                    tableId = id;
                    counts = result[id];
                }

                var slot = rows.GetInt32(1);
                if (slot >= 0 && slot < counts!.Length)
                {
                    // PostgreSQL's SUM of bigints is numeric; a single run's hits are read as they are.
                    counts[slot] = scope.All ? Convert.ToInt64(rows.GetValue(2), System.Globalization.CultureInfo.InvariantCulture) : rows.GetInt64(2);
                }
            }

            return result;
        }

        public Dictionary<long, IReadOnlyList<long>> RunsWithCounts(long serviceId)
        {
            using var connection = _dialect.Open();
            using var command = Command(connection, null,
                "SELECT st.table_id, st.run_id FROM scope_tables st JOIN probe_tables t ON t.id = st.table_id WHERE t.service_id = @s ORDER BY st.run_id", ("s", serviceId));
            using var rows = command.ExecuteReader();
            var result = new Dictionary<long, List<long>>();
            while (rows.Read())
            {
                if (!result.TryGetValue(rows.GetInt64(0), out var runs))
                {
                    result[rows.GetInt64(0)] = runs = new List<long>();
                }

                runs.Add(rows.GetInt64(1));
            }

            return result.ToDictionary(p => p.Key, p => (IReadOnlyList<long>)p.Value);
        }

        public IReadOnlyList<TargetRecord> Targets()
        {
            using var connection = _dialect.Open();
            using var command = Command(connection, null, "SELECT id, service, url, token, data_dir FROM targets ORDER BY id");
            using var rows = command.ExecuteReader();
            var targets = new List<TargetRecord>();
            while (rows.Read())
            {
                targets.Add(new TargetRecord(rows.GetInt64(0), rows.GetString(1), rows.GetString(2), rows.IsDBNull(3) ? null : rows.GetString(3), rows.IsDBNull(4) ? null : rows.GetString(4)));
            }

            return targets;
        }

        public TargetRecord AddTarget(string service, string url, string? token, string? dataDirectory)
        {
            using (_dialect.WriteLock())
            using (var connection = _dialect.Open())
            {
                var id = Convert.ToInt64(Scalar(connection, null,
                    "INSERT INTO targets (service, url, token, data_dir, added_at) VALUES (@s, @u, @t, @d, @now) " +
                    "ON CONFLICT (url) DO UPDATE SET service = excluded.service, token = excluded.token, data_dir = excluded.data_dir RETURNING id",
                    ("s", service), ("u", url), ("t", (object?)token), ("d", (object?)dataDirectory), ("now", Now())));
                return new TargetRecord(id, service, url, token, dataDirectory);
            }
        }

        public bool RemoveTarget(long id)
        {
            using (_dialect.WriteLock())
            using (var connection = _dialect.Open())
            {
                return Execute(connection, null, "DELETE FROM targets WHERE id = @id", ("id", id)) == 1;
            }
        }

        public StoreSize Size()
        {
            using var connection = _dialect.Open();
            long Count(string table) => Convert.ToInt64(Scalar(connection, null, $"SELECT COUNT(*) FROM {table}"));
            return new StoreSize(Count("counts"), Count("probe_tables"), Count("runs"), Count("sources"));
        }

        private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

        private static DateTimeOffset? Time(long? milliseconds) => milliseconds is long ms ? Time(ms) : null;

        private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            return command;
        }

        private static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string, object?)[] parameters)
        {
            using var command = Command(connection, transaction, sql, parameters);
            return command.ExecuteNonQuery();
        }

        private static object? Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string, object?)[] parameters)
        {
            using var command = Command(connection, transaction, sql, parameters);
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }
    }
}
