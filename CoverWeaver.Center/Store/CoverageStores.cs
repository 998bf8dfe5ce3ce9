using System;

namespace CoverWeaver.Center.Store
{
    /// <summary>Opens the store a <c>--db</c> value names: a PostgreSQL connection string, or the path of a SQLite file.</summary>
    internal static class CoverageStores
    {
        /// <summary>Whether <paramref name="db"/> is a PostgreSQL connection string (<c>Host=…</c>) or URI rather than a file path.</summary>
        public static bool IsPostgres(string db)
        {
            var text = db.TrimStart();
            return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
                   text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
                   (text.Contains('=') && text.Contains("host", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Opens (and creates or migrates) the store.</summary>
        /// <exception cref="System.IO.InvalidDataException">It cannot be opened; the message names it, says why and what to give instead.</exception>
        public static ICoverageStore Open(string db)
        {
            SqlDialect? dialect = null;
            try
            {
                dialect = IsPostgres(db) ? new PostgresDialect(ConnectionString(db)) : new SqliteDialect(db);
                return new SqlStore(dialect);
            }
            catch (Exception e) when (e is System.Data.Common.DbException || e is System.IO.IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                dialect?.Dispose();
                var what = dialect?.Description ?? (IsPostgres(db) ? "the PostgreSQL store" : "SQLite " + db);
                throw new System.IO.InvalidDataException(
                    $"Cannot open {what}: {e.Message.TrimEnd('.')}. Give --db a SQLite file the center made (or a new path), or the connection string of a PostgreSQL database the center may create tables in.");
            }
            catch
            {
                dialect?.Dispose();
                throw;
            }
        }

        /// <summary>A <c>postgres://user:password@host:port/db</c> URI as Npgsql's key=value form; a key=value string as it is.</summary>
        private static string ConnectionString(string db)
        {
            var text = db.Trim();
            if (!text.Contains("://", StringComparison.Ordinal))
            {
                return text;
            }

            var uri = new Uri(text);
            var builder = new Npgsql.NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            };
            var user = uri.UserInfo.Split(':', 2);
            if (user[0].Length > 0)
            {
                builder.Username = Uri.UnescapeDataString(user[0]);
            }

            if (user.Length > 1)
            {
                builder.Password = Uri.UnescapeDataString(user[1]);
            }

            return builder.ConnectionString;
        }
    }
}
