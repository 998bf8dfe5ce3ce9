using System;
using System.Collections.Generic;
using System.Data.Common;

namespace CoverWeaver.Center.Store
{
    /// <summary>
    /// What differs between the databases the store runs on; everything else is one SQL text in
    /// <see cref="SqlStore"/>. Both take <c>@name</c> parameters, <c>ON CONFLICT … DO UPDATE</c>
    /// and <c>RETURNING</c>.
    /// </summary>
    internal abstract class SqlDialect : IDisposable
    {
        /// <summary>"SQLite /path/center.db", "PostgreSQL host:5432/db as user": no password.</summary>
        public abstract string Description { get; }

        /// <summary>The auto-numbered primary key column type.</summary>
        public abstract string IdColumn { get; }

        public abstract string BlobType { get; }

        /// <summary>Appended to the query that finds a batch's run, so that sealing waits for an ingest that read the run open (SQLite writes one at a time anyway).</summary>
        public virtual string LockRunRow => "";

        public abstract DbConnection Open();

        /// <summary>
        /// Serializes writers where the database would otherwise answer "busy" (SQLite has one
        /// writer at a time); PostgreSQL needs nothing here.
        /// </summary>
        public virtual IDisposable WriteLock() => Nothing.Instance;

        /// <summary>
        /// Holds <paramref name="key"/> until <paramref name="transaction"/> ends, so that two centers
        /// sharing the store never migrate it, or start runs of one service, at once. SQLite has one
        /// writer at a time, so it needs nothing.
        /// </summary>
        public virtual void Serialize(DbConnection connection, DbTransaction transaction, long key)
        {
        }

        /// <summary>
        /// Writes rows <c>(key, table_id, slot, hits)</c> of <paramref name="table"/>: added onto the
        /// hits there with <paramref name="add"/>, otherwise replacing them.
        /// </summary>
        public abstract void Upsert(DbConnection connection, DbTransaction transaction, string table, string keyColumn, object key, long tableId,
            IReadOnlyList<int> slots, IReadOnlyList<long> hits, bool add);

        public virtual void Dispose()
        {
        }

        /// <summary>The one upsert text, for dialects that send rows one by one.</summary>
        protected static string UpsertText(string table, string keyColumn, bool add) =>
            $"INSERT INTO {table} ({keyColumn}, table_id, slot, hits) VALUES (@key, @table, @slot, @hits) " +
            $"ON CONFLICT ({keyColumn}, table_id, slot) DO UPDATE SET hits = " + (add ? $"{table}.hits + excluded.hits" : "excluded.hits");

        private sealed class Nothing : IDisposable
        {
            public static readonly Nothing Instance = new Nothing();

            public void Dispose()
            {
            }
        }
    }
}
