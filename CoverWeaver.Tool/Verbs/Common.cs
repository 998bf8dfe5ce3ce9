using System;
using System.CommandLine;
using System.IO;
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
    }
}
