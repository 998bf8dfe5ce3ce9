using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using CoverWeaver.Data;

namespace CoverWeaver.Tool.Verbs
{
    /// <summary>What several verbs share: the inputs argument, the token option, writing results, and turning problems into exit codes.</summary>
    internal static class Common
    {
        /// <summary>Inputs as <c>report</c>, <c>merge</c> and <c>analyse</c> take them.</summary>
        public static Argument<string[]> InputsArgument() => new Argument<string[]>("inputs")
        {
            Description = "Export files, directories of counter files (what COVERWEAVER_DATA collects), or live endpoint URLs (http(s)://host:port[/prefix]). All are summed; every module must come from one build.",
            Arity = ArgumentArity.OneOrMore,
        };

        /// <summary>The bearer token for live endpoints started with COVERWEAVER_TOKEN.</summary>
        public static Option<string?> TokenOption() => new Option<string?>("--token")
        {
            Description = "The token live endpoints were started with (their COVERWEAVER_TOKEN), sent as Authorization: Bearer.",
        };

        /// <summary>
        /// Runs a verb's work: a <see cref="ToolException"/> becomes its message on stderr and its
        /// exit code, so every verb reports problems the same way.
        /// </summary>
        public static int Run(Func<int> work)
        {
            try
            {
                return work();
            }
            catch (ToolException e)
            {
                Console.Error.WriteLine("coverweaver: " + e.Message);
                return e.ExitCode;
            }
        }

        /// <summary>Reads and sums the inputs, saying which one is being read when there are many.</summary>
        public static System.Collections.Generic.List<ModuleSnapshot> ReadInputs(string[] inputs, string? token)
        {
            var progress = new Progress(Console.Error, "reading", inputs.Length);
            try
            {
                return new Inputs(token, progress: input => progress.Step(input)).ReadAll(inputs);
            }
            finally
            {
                progress.Done();
            }
        }

        /// <summary>Writes a whole file or nothing, creating its folder; a path that cannot be written is an input problem.</summary>
        public static void Write(string path, byte[] bytes)
        {
            var full = Path.GetFullPath(path);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                AtomicFile.WriteAllBytes(full, bytes);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw ToolException.Input($"Cannot write {full}: {e.Message} Choose a path in a folder you can write to.");
            }
        }

        /// <summary>How often the center or a gateway pulls its targets.</summary>
        public static Option<double> IntervalOption() => new Option<double>("--interval")
        {
            Description = "Seconds between pulls of every target.",
            DefaultValueFactory = _ => 10,
        };

        public static int Port(int port) =>
            port >= 0 && port <= 65535 ? port : throw ToolException.Usage($"--port {port} is not a port: give 0 to 65535 (0 picks a free one).");

        public static TimeSpan Interval(double seconds) =>
            seconds >= 0.05 && seconds <= 86400
                ? TimeSpan.FromSeconds(seconds)
                : throw ToolException.Usage($"--interval {seconds.ToString(CultureInfo.InvariantCulture)} is out of range: give 0.05 to 86400 seconds.");

        /// <summary>A token as the server side takes it: visible ASCII without spaces.</summary>
        public static string? Token(string? token)
        {
            if (token == null)
            {
                return null;
            }

            try
            {
                Server.BearerToken.From(token);
                return token;
            }
            catch (ArgumentException e)
            {
                throw ToolException.Usage("--token: " + e.Message);
            }
        }

        /// <summary>
        /// Runs a server verb until Ctrl+C or SIGTERM: a store or targets file that cannot be used is
        /// an input problem (exit 1) with its message, as any other verb's.
        /// </summary>
        public static int Serve(Func<CancellationToken, Task> serve)
        {
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            try
            {
                serve(stop.Token).GetAwaiter().GetResult();
                return ExitCodes.Ok;
            }
            catch (InvalidDataException e)
            {
                throw ToolException.Input(e.Message);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Data.Common.DbException)
            {
                throw ToolException.Input(e.Message);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }

        /// <summary>Completes when <paramref name="stop"/> is cancelled.</summary>
        public static async Task WaitForStop(CancellationToken stop)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
