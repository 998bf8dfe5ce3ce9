using System;
using System.CommandLine;
using System.Linq;
using CoverWeaver.Fody.Instrumentation;
using CoverWeaver.Tool.Instrumenting;

namespace CoverWeaver.Tool.Verbs
{
    /// <summary>
    /// <c>coverweaver instrument &lt;dir|files…&gt; [--output dir] [--restore] [--mode count|set]
    /// [--include-*/--exclude-* patterns] [--source-root dir] [--key snk]</c>.
    /// </summary>
    internal static class InstrumentVerb
    {
        public static Command Create()
        {
            var targets = new Argument<string[]>("targets")
            {
                Description = "A folder of built binaries (a dotnet publish folder: its top-level .dll and .exe files), or assemblies. Each needs its portable PDB, beside it or embedded.",
                Arity = ArgumentArity.OneOrMore,
            };
            var output = new Option<string?>("--output", "-o")
            {
                Description = "Write the instrumented copy (the whole folder) here and leave the inputs untouched. By default the inputs are instrumented in place, each original kept beside it as <file>.coverweaver-original.",
            };
            var restore = new Option<bool>("--restore")
            {
                Description = "Undo an in-place instrument: put every original back, byte for byte, and remove what the tool added.",
            };
            var mode = new Option<string>("--mode")
            {
                Description = "count: exact hit counts (default); set: whether each line ran, with the cheapest probe.",
                DefaultValueFactory = _ => "count",
            };
            mode.AcceptOnlyFromAmong("count", "set");
            var includeNamespaces = Patterns("--include-namespaces", "Namespaces to instrument (all when none)");
            var excludeNamespaces = Patterns("--exclude-namespaces", "Namespaces never to instrument");
            var includeTypes = Patterns("--include-types", "Types (full names, nested as Outer+Inner) to instrument (all when none)");
            var excludeTypes = Patterns("--exclude-types", "Types never to instrument");
            var sourceRoot = new Option<string?>("--source-root")
            {
                Description = "Where the sources are, for binaries built elsewhere: sources the PDB names by mapped paths (/_/…, deterministic builds) are looked for in this folder and its ancestors. By default the binaries' folder.",
            };
            var key = new Option<string?>("--key")
            {
                Description = "A strong-name key (.snk) to re-sign strong-named assemblies with; without it they are woven without a valid signature, which .NET ignores and .NET Framework refuses.",
            };
            var command = new Command("instrument", "Instrument built binaries (a dotnet publish folder) so that running them counts every executable line; --restore undoes it.")
            {
                targets,
                output,
                restore,
                mode,
                includeNamespaces,
                excludeNamespaces,
                includeTypes,
                excludeTypes,
                sourceRoot,
                key,
            };
            command.SetAction(parsed => Common.Run(() =>
            {
                var inputs = parsed.GetValue(targets)!;
                var keyFile = parsed.GetValue(key);
                if (keyFile != null && !System.IO.File.Exists(keyFile))
                {
                    throw ToolException.Input($"No key file at {System.IO.Path.GetFullPath(keyFile)}. Name the .snk the assemblies were signed with.");
                }

                var options = new WeaveOptions
                {
                    Mode = parsed.GetValue(mode) == "set" ? WeaveMode.Set : WeaveMode.Count,
                    IncludeNamespaces = Split(parsed.GetValue(includeNamespaces)),
                    ExcludeNamespaces = Split(parsed.GetValue(excludeNamespaces)),
                    IncludeTypes = Split(parsed.GetValue(includeTypes)),
                    ExcludeTypes = Split(parsed.GetValue(excludeTypes)),
                };
                var instrumenter = new FolderInstrumenter(options, parsed.GetValue(sourceRoot), keyFile, Console.Out, Console.Error);
                if (parsed.GetValue(restore))
                {
                    if (parsed.GetValue(output) != null)
                    {
                        throw ToolException.Usage("--restore undoes an in-place instrument and writes nothing new; leave out --output (an --output copy is undone by deleting it).");
                    }

                    return instrumenter.Restore(inputs);
                }

                return instrumenter.Instrument(inputs, parsed.GetValue(output));
            }));
            return command;
        }

        private static Option<string[]> Patterns(string name, string what) => new Option<string[]>(name)
        {
            Description = what + ", as in FodyWeavers.xml: * matches any run of characters, ? one; separate with ; or | or repeat the option.",
        };

        private static string[] Split(string[]? values) =>
            (values ?? Array.Empty<string>())
                .SelectMany(v => v.Split(new[] { ';', '|' }, StringSplitOptions.RemoveEmptyEntries))
                .Select(p => p.Trim())
                .Where(p => p.Length > 0)
                .ToArray();
    }
}
