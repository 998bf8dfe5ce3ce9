using System;
using System.CommandLine;
using CoverWeaver.Center;

namespace CoverWeaver.Tool.Verbs
{
    /// <summary>
    /// <c>coverweaver center [--port N] [--db path|connection] [--targets file] [--token T]</c>: the
    /// coverage center, serving on 127.0.0.1 until stopped (Ctrl+C or SIGTERM).
    /// </summary>
    internal static class CenterVerb
    {
        public static Command Create()
        {
            var port = new Option<int>("--port", "-p")
            {
                Description = "The port on 127.0.0.1 (0 picks a free one, printed at start).",
                DefaultValueFactory = _ => 8480,
            };
            var db = new Option<string>("--db")
            {
                Description = "Where to keep the data: a SQLite file (created if missing), or a PostgreSQL connection string (\"Host=…;Database=…;Username=…\" or postgres://…) for several centers sharing one store.",
                DefaultValueFactory = _ => "coverweaver-center.db",
            };
            var targets = new Option<string?>("--targets")
            {
                Description = "A targets file to pull, re-read when it changes: [{\"service\": \"hello\", \"token\": \"…\", \"targets\": [\"http://127.0.0.1:9464\", {\"url\": \"…\", \"data\": \"<COVERWEAVER_DATA dir>\"}]}].",
            };
            var token = new Option<string?>("--token")
            {
                Description = "Make every write (runs, targets, batches, pushes) need Authorization: Bearer <token>. Without it, writes are taken from this machine only.",
            };
            var interval = Common.IntervalOption();
            var spool = new Option<string?>("--spool")
            {
                Description = "Where pulled counts wait until stored (default: beside the SQLite file, or ./coverweaver-center.spool).",
            };
            var command = new Command("center", "Run the coverage center: pull running services, keep every test run, show them at http://127.0.0.1:<port>/.")
            {
                port,
                db,
                targets,
                token,
                interval,
                spool,
            };
            command.SetAction(parsed => Common.Run(() =>
            {
                var options = new CenterOptions
                {
                    Port = Common.Port(parsed.GetValue(port)),
                    Database = parsed.GetValue(db)!,
                    TargetsFile = parsed.GetValue(targets),
                    Token = Common.Token(parsed.GetValue(token)),
                    Interval = Common.Interval(parsed.GetValue(interval)),
                    SpoolDirectory = parsed.GetValue(spool),
                };
                return Common.Serve(async stop =>
                {
                    await using var center = await CenterHost.StartAsync(options, Console.Out.WriteLine, stop).ConfigureAwait(false);
                    await Common.WaitForStop(stop).ConfigureAwait(false);
                    Console.Out.WriteLine("Stopping the center.");
                });
            }));
            return command;
        }
    }
}
