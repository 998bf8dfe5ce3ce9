using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Npgsql;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// A fresh database on the real PostgreSQL server the tests are given by
    /// <c>COVERWEAVER_TEST_POSTGRES</c> (a connection string of a role that may create databases),
    /// dropped on dispose. Without the variable, or with a server that does not answer, the test
    /// fails saying how to set one up: a PostgreSQL test never passes without PostgreSQL.
    /// </summary>
    internal sealed class TestPostgres : IDisposable
    {
        public const string Variable = "COVERWEAVER_TEST_POSTGRES";

        private const string HowTo =
            "Install and start PostgreSQL (apt-get install postgresql; pg_ctlcluster <version> main start), create a role that may create databases " +
            "(sudo -u postgres psql -c \"CREATE ROLE coverweaver LOGIN PASSWORD 'coverweaver' CREATEDB\"; sudo -u postgres createdb -O coverweaver coverweaver), " +
            "and set " + Variable + "=\"Host=127.0.0.1;Username=coverweaver;Password=coverweaver;Database=coverweaver\". .ci/run does all of this.";

        private readonly string _admin;

        private TestPostgres(string admin, string database)
        {
            _admin = admin;
            Database = database;
            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database, Pooling = false }.ConnectionString;
        }

        /// <summary>The connection string of the new database, as <c>coverweaver center --db</c> takes it.</summary>
        public string ConnectionString { get; }

        public string Database { get; }

        public static TestPostgres Create()
        {
            var admin = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(admin))
            {
                Assert.Fail($"This test needs a PostgreSQL server and {Variable} is not set. {HowTo}");
            }

            var database = "cw_test_" + Guid.NewGuid().ToString("N").Substring(0, 16);
            try
            {
                using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString);
                connection.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                create.ExecuteNonQuery();
            }
            catch (Exception e) when (e is NpgsqlException || e is ArgumentException || e is System.Net.Sockets.SocketException)
            {
                Assert.Fail($"PostgreSQL at {Variable} ({Redacted(admin!)}) cannot be used: {e.Message} {HowTo}");
            }

            return new TestPostgres(admin!, database);
        }

        public void Dispose()
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Pooling = false }.ConnectionString);
                connection.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // A database left behind is only clutter on a test server.
            }
        }

        private static string Redacted(string connectionString)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(connectionString);
                if (!string.IsNullOrEmpty(builder.Password))
                {
                    builder.Password = "***";
                }

                return builder.ConnectionString;
            }
            catch (ArgumentException)
            {
                return "not a connection string";
            }
        }
    }
}
