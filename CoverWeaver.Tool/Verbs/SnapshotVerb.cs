using System.CommandLine;
using System.IO;

namespace CoverWeaver.Tool.Verbs
{
    /// <summary><c>coverweaver snapshot &lt;url&gt; [--reset] [--token T] --output &lt;file&gt;</c>: a live process's counts, as <c>dotnet-coverage snapshot</c> takes them.</summary>
    internal static class SnapshotVerb
    {
        public static Command Create()
        {
            var url = new Argument<string>("url")
            {
                Description = "The base URL of the process's coverage endpoint: its COVERWEAVER_LISTEN address (http://127.0.0.1:9464), or where MapCoverWeaver mounts it (http://host/cover).",
            };
            var reset = new Option<bool>("--reset")
            {
                Description = "Take the counts and zero them in one step (POST {url}/snapshot?reset=true), so successive snapshots add up to exactly the hits made. Needs the endpoint's token.",
            };
            var token = Common.TokenOption();
            var output = new Option<string>("--output", "-o")
            {
                Description = "The export file to write.",
                Required = true,
            };
            var command = new Command("snapshot", "Save a running process's coverage (GET {url}/snapshot) as an export file.")
            {
                url,
                reset,
                token,
                output,
            };
            command.SetAction(parsed => Common.Run(() =>
            {
                var address = parsed.GetValue(url)!;
                if (!Inputs.IsUrl(address))
                {
                    throw ToolException.Usage(
                        $"'{address}' is not an http:// or https:// URL. Give the base URL of the process's coverage endpoint, e.g. http://127.0.0.1:9464; to read files, use coverweaver merge.");
                }

                var inputs = new Inputs(parsed.GetValue(token));
                var withReset = parsed.GetValue(reset);
                var bytes = inputs.SnapshotBytes(address, withReset);
                // Checked before it is written: what an endpoint answers must be coverage data, not a web page.
                var modules = Inputs.Decode(bytes, address).Count;
                var path = parsed.GetValue(output)!;
                Common.Write(path, bytes);
                System.Console.WriteLine($"Saved {modules} modules from {address}{(withReset ? " (counters reset)" : "")} to {Path.GetFullPath(path)}.");
                return ExitCodes.Ok;
            }));
            return command;
        }
    }
}
