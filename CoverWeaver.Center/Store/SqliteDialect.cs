using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace CoverWeaver.Center.Store
{
    /// <summary>
    /// SQLite in one file (the default store): write-ahead log, full sync on commit so that an
    /// acknowledged batch survives a crash of the machine, one writer at a time.
    /// </summary>
    internal sealed class SqliteDialect : SqlDialect
    {
        private readonly string _connectionString;
        private readonly string _path;
        private readonly SemaphoreSlim _writer = new SemaphoreSlim(1, 1);

        public SqliteDialect(string path)
        {
            _path = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = _path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            using var connection = Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            wal.ExecuteNonQuery();
        }

        public override string Description => "SQLite " + _path;

        public override string IdColumn => "INTEGER PRIMARY KEY";

        public override string BlobType => "BLOB";

        public override DbConnection Open()
        {
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000";
            pragmas.ExecuteNonQuery();
            return connection;
        }

        public override IDisposable WriteLock()
        {
            _writer.Wait();
            return new Release(_writer);
        }

        public override void Upsert(DbConnection connection, DbTransaction transaction, string table, string keyColumn, object key, long tableId,
            IReadOnlyList<int> slots, IReadOnlyList<long> hits, bool add)
        {
            // One prepared statement reused per row: SQLite runs it in-process, so rows cost no round trip.
            using var command = (SqliteCommand)connection.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = UpsertText(table, keyColumn, add);
            command.Parameters.AddWithValue("@key", key);
            command.Parameters.AddWithValue("@table", tableId);
            var slot = command.Parameters.Add("@slot", SqliteType.Integer);
            var count = command.Parameters.Add("@hits", SqliteType.Integer);
            command.Prepare();
            for (var i = 0; i < slots.Count; i++)
            {
                slot.Value = slots[i];
                count.Value = hits[i];
                command.ExecuteNonQuery();
            }
        }

        public override void Dispose()
        {
            // Pooled connections keep the file open; a test or a restart must be able to delete or reopen it.
            SqliteConnection.ClearAllPools();
            _writer.Dispose();
        }

        private sealed class Release : IDisposable
        {
            private SemaphoreSlim? _semaphore;

            public Release(SemaphoreSlim semaphore)
            {
                _semaphore = semaphore;
            }

            public void Dispose()
            {
                Interlocked.Exchange(ref _semaphore, null)?.Release();
            }
        }
    }
}
