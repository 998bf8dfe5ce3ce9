using System.CommandLine;
using CoverWeaver.Data;

namespace CoverWeaver.Tool.Verbs
{
    /// <summary><c>coverweaver merge &lt;inputs…&gt; --output &lt;file&gt;</c>: sums coverage data into one export file.</summary>
    internal static class MergeVerb
    {
        public static Command Create()
        {
            var inputs = Common.InputsArgument();
            var token = Common.TokenOption();
            var output = new Option<string>("--output", "-o")
            {
                Description = "The export file to write (the format Cover.Export writes and every coverweaver verb reads).",
                Required = true,
            };
            var command = new Command("merge", "Sum coverage data (export files, counter-file directories, live endpoints) into one export file.")
            {
                inputs,
                output,
                token,
            };
            command.SetAction(parsed => Common.Run(() =>
            {
                var snapshots = Common.ReadInputs(parsed.GetValue(inputs)!, parsed.GetValue(token));
                var path = parsed.GetValue(output)!;
                Common.Write(path, CoverageFile.Encode(snapshots));
                System.Console.WriteLine($"Merged {snapshots.Count} modules into {System.IO.Path.GetFullPath(path)}.");
                return ExitCodes.Ok;
            }));
            return command;
        }
    }
}
