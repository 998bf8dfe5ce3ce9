using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using CoverWeaver.Tool.Reports;

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
                Description = "Formats, comma or semicolon separated or repeated: " + string.Join(", ", ReportFormats.All.Select(f => $"{f.Name} ({f.FileName})")) + ".",
                Required = true,
            };
            var output = new Option<string>("--output", "-o")
            {
                Description = "The folder to write the reports in (created if needed).",
                Required = true,
            };
            var command = new Command("report", "Write reports (lcov: coverage.info; export: coverage.coverweaver) from summed coverage data.")
            {
                inputs,
                formats,
                output,
                token,
            };
            command.SetAction(parsed => Common.Run(() =>
            {
                // The formats are checked before any input is read, so a typo costs no wait.
                var chosen = ReportFormats.Parse(parsed.GetValue(formats)!);
                var snapshots = Common.ReadInputs(parsed.GetValue(inputs)!, parsed.GetValue(token));
                var folder = Path.GetFullPath(parsed.GetValue(output)!);
                foreach (var format in chosen)
                {
                    var path = Path.Combine(folder, format.FileName);
                    Common.Write(path, format.Write(snapshots));
                    Console.WriteLine($"{format.Name}: {path}");
                }

                return ExitCodes.Ok;
            }));
            return command;
        }
    }
}
