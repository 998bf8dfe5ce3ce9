using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using CoverWeaver.Reports;

namespace CoverWeaver.Tool.Verbs
{
    /// <summary><c>coverweaver report &lt;inputs…&gt; --format lcov[,…] --output &lt;dir&gt;</c>: report files from merged data.</summary>
    internal static class ReportVerb
    {
        public static Command Create()
        {
            var inputs = Common.InputsArgument();
            var token = Common.TokenOption();
            var formats = new Option<string[]>("--format", "-f")
            {
                Description = "Formats, comma or semicolon separated or repeated: " + string.Join(", ", ReportFormats.All.Select(f => $"{f.Name} ({f.Output})")) + ".",
                Required = true,
            };
            var output = new Option<string>("--output", "-o")
            {
                Description = "The folder to write the reports in (created if needed).",
                Required = true,
            };
            var command = new Command("report", "Write reports (cobertura, lcov, json, html, export) from summed coverage data.")
            {
                inputs,
                formats,
                output,
                token,
            };
            command.SetAction(parsed => Common.Run(() =>
            {
                // The formats are checked before any input is read, so a typo costs no wait.
                System.Collections.Generic.IReadOnlyList<ReportFormat> chosen;
                try
                {
                    chosen = ReportFormats.Parse(string.Join(",", parsed.GetValue(formats)!), withExport: false);
                }
                catch (ArgumentException e)
                {
                    throw ToolException.Usage(e.Message + " Give several as --format cobertura,html.");
                }

                var snapshots = Common.ReadInputs(parsed.GetValue(inputs)!, parsed.GetValue(token));
                var folder = Path.GetFullPath(parsed.GetValue(output)!);
                var now = DateTimeOffset.Now;
                foreach (var format in chosen)
                {
                    Console.WriteLine($"{format.Name}: {format.Write(snapshots, folder, now)}");
                }

                return ExitCodes.Ok;
            }));
            return command;
        }
    }
}
