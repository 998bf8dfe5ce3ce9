using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using CoverWeaver.Data;
using CoverWeaver.Fody.Instrumentation;

namespace CoverWeaver.Tool.Instrumenting
{
    /// <summary>
    /// Instruments built binaries where they lie (a <c>dotnet publish</c> folder, a deployed
    /// service), as Erlang's <c>cover:compile_beam_directory</c> does: each assembly through the
    /// weaver's own <see cref="AssemblyInstrumenter"/>, keeping each original beside it so that
    /// <see cref="Restore"/> gives back the exact bytes, and making the folder able to run woven
    /// (the runtime beside the binaries, and listed in the app's <c>.deps.json</c>).
    /// </summary>
    internal sealed class FolderInstrumenter
    {
        private readonly WeaveOptions _options;
        private readonly string? _sourceRoot;
        private readonly string? _keyFile;
        private readonly TextWriter _out;
        private readonly TextWriter _error;

        public FolderInstrumenter(WeaveOptions options, string? sourceRoot, string? keyFile, TextWriter output, TextWriter error)
        {
            _options = options;
            _sourceRoot = sourceRoot;
            _keyFile = keyFile;
            _out = output;
            _error = error;
        }

        /// <summary>The runtime the tool ships with: the version woven code references, since the weaver and runtime are built together.</summary>
        public static string RuntimePath => typeof(Cover).Assembly.Location;

        /// <summary>
        /// Instruments the inputs in place, or copies of them in <paramref name="outputDirectory"/>.
        /// Returns the exit code: 0 when every assembly is now instrumented or was left out for a
        /// reason that is no fault (already instrumented, no PDB), 1 when nothing could be instrumented
        /// or an assembly failed.
        /// </summary>
        public int Instrument(IReadOnlyList<string> inputs, string? outputDirectory)
        {
            var inPlace = outputDirectory == null;
            var assemblies = WovenFolder.Assemblies(inputs);
            if (!inPlace)
            {
                assemblies = CopyTo(inputs, assemblies, Path.GetFullPath(outputDirectory!));
            }

            if (assemblies.Count == 0)
            {
                throw ToolException.Input(
                    $"No .NET assembly in {string.Join(", ", inputs.Select(Path.GetFullPath))}. Name the folder that holds the built .dll files and their .pdb files (for example the output of dotnet publish).");
            }

            var woven = new List<InstrumentResult>();
            var already = new List<string>();
            var noSymbols = new List<string>();
            var failed = new List<string>();
            var unsigned = new List<string>();
            var folders = new HashSet<string>(StringComparer.Ordinal);
            var progress = new Progress(_error, "instrumenting", assemblies.Count);
            foreach (var assembly in assemblies)
            {
                progress.Step(Path.GetFileName(assembly));
                var pdb = Path.ChangeExtension(assembly, ".pdb");
                var stagedAssembly = inPlace ? WovenFolder.StageOriginal(assembly) : null;
                var stagedPdb = inPlace ? WovenFolder.StageOriginal(pdb) : null;
                var kept = false;
                try
                {
                    var signed = _keyFile == null && IsStrongNamed(assembly);
                    var result = AssemblyInstrumenter.Instrument(assembly, null, _options, new SilentLog(), _keyFile, _sourceRoot);
                    if (result.Instrumented)
                    {
                        if (stagedAssembly != null)
                        {
                            WovenFolder.Keep(stagedAssembly, assembly);
                        }

                        if (stagedPdb != null)
                        {
                            WovenFolder.Keep(stagedPdb, pdb);
                        }

                        kept = true;
                        woven.Add(result);
                        folders.Add(Path.GetDirectoryName(assembly)!);
                        if (signed)
                        {
                            unsigned.Add(Path.GetFileName(assembly));
                        }

                        progress.Done();
                        _out.WriteLine(result.Message);
                    }
                    else if (result.Message.Contains("already instrumented", StringComparison.Ordinal))
                    {
                        already.Add(Path.GetFileName(assembly));
                    }
                    else if (result.Message.Contains("has no PDB", StringComparison.Ordinal) || result.Message.Contains("no executable line", StringComparison.Ordinal))
                    {
                        // A publish folder is mostly packages shipped without PDBs: expected, said once in the summary.
                        noSymbols.Add(Path.GetFileName(assembly));
                    }
                    else
                    {
                        failed.Add(result.Message);
                        progress.Say("warning: " + result.Message);
                    }
                }
                catch (Exception e) when (e is WeaveException || e is IOException || e is UnauthorizedAccessException || e is BadImageFormatException || e is InvalidOperationException)
                {
                    // AssemblyInstrumenter writes the whole file or nothing, so the original is still in place.
                    var message = $"{assembly}: {e.Message} It is left as it was.";
                    failed.Add(message);
                    progress.Say("error: " + message);
                }
                finally
                {
                    if (!kept)
                    {
                        WovenFolder.Discard(stagedAssembly);
                        WovenFolder.Discard(stagedPdb);
                    }
                }
            }

            progress.Done();
            foreach (var folder in folders.OrderBy(f => f, StringComparer.Ordinal))
            {
                PrepareToRun(folder, inPlace);
            }

            Summarize(woven, already, noSymbols, failed, unsigned);
            if (failed.Count > 0 || (woven.Count == 0 && already.Count == 0))
            {
                return ExitCodes.InputProblem;
            }

            return ExitCodes.Ok;
        }

        /// <summary>Undoes <see cref="Instrument"/> in place in every folder of the inputs; returns the exit code.</summary>
        public int Restore(IReadOnlyList<string> inputs)
        {
            var folders = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var input in inputs)
            {
                if (Directory.Exists(input))
                {
                    folders.Add(Path.GetFullPath(input));
                }
                else if (File.Exists(input) || File.Exists(input + WovenFolder.OriginalSuffix))
                {
                    folders.Add(Path.GetDirectoryName(Path.GetFullPath(input))!);
                }
                else
                {
                    throw ToolException.Input($"No file or directory at {Path.GetFullPath(input)}. Name the folder that coverweaver instrument changed.");
                }
            }

            var restored = 0;
            var removed = 0;
            foreach (var folder in folders)
            {
                var (back, gone) = WovenFolder.Restore(folder);
                restored += back.Count;
                removed += gone.Count;
            }

            if (restored == 0 && removed == 0)
            {
                throw ToolException.Input(
                    $"Nothing to restore in {string.Join(", ", folders)}: no {WovenFolder.OriginalSuffix} file is there. " +
                    "Restore works on the folder that coverweaver instrument changed in place (not an --output copy, whose input is untouched).");
            }

            _out.WriteLine($"Restored {restored} files and removed {removed} that coverweaver had added.");
            return ExitCodes.Ok;
        }

        /// <summary>The runtime beside the woven binaries, and in every app's deps file there.</summary>
        private void PrepareToRun(string folder, bool inPlace)
        {
            var warning = WovenFolder.EnsureRuntime(folder, RuntimePath, mark: inPlace);
            if (warning != null)
            {
                _error.WriteLine("warning: " + warning);
            }

            var version = AssemblyName.GetAssemblyName(RuntimePath).Version!;
            foreach (var deps in Directory.GetFiles(folder, "*.deps.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                var updated = DepsFile.WithRuntime(File.ReadAllText(deps), version, deps);
                if (updated == null)
                {
                    continue;
                }

                var staged = inPlace ? WovenFolder.StageOriginal(deps) : null;
                AtomicFile.WriteAllBytes(deps, new System.Text.UTF8Encoding(false).GetBytes(updated));
                if (staged != null)
                {
                    WovenFolder.Keep(staged, deps);
                }
            }
        }

        private void Summarize(List<InstrumentResult> woven, List<string> already, List<string> noSymbols, List<string> failed, List<string> unsigned)
        {
            _out.WriteLine($"Instrumented {woven.Count} assemblies: {woven.Sum(r => r.Modules)} modules, {woven.Sum(r => r.Probes)} probes, {_options.Mode.ToString().ToLowerInvariant()} mode.");
            if (already.Count > 0)
            {
                _out.WriteLine($"Already instrumented, left as they are: {Names(already)}.");
            }

            if (noSymbols.Count > 0)
            {
                _out.WriteLine($"Left uninstrumented, having no PDB or no executable line (packages usually ship without PDBs): {Names(noSymbols)}.");
            }

            if (unsigned.Count > 0)
            {
                _error.WriteLine(
                    $"note: {Names(unsigned)} {(unsigned.Count == 1 ? "is" : "are")} strong-named and now carry no valid signature. .NET does not check it; " +
                    ".NET Framework does: pass --key <file.snk> with the assembly's key to re-sign.");
            }

            if (failed.Count > 0)
            {
                _error.WriteLine($"{failed.Count} assemblies could not be instrumented (see above); fix what each message says, then run coverweaver instrument again.");
            }
            else if (woven.Count == 0 && already.Count == 0)
            {
                _error.WriteLine(
                    "Nothing was instrumented: no assembly here has a portable PDB (beside it or embedded). " +
                    "Build or publish with <DebugType>portable</DebugType> (the default) and keep the .pdb files in the folder.");
            }
        }

        private static string Names(List<string> names) =>
            names.Count <= 8 ? string.Join(", ", names) : string.Join(", ", names.Take(8)) + $" and {names.Count - 8} more";

        private static bool IsStrongNamed(string assembly)
        {
            try
            {
                return AssemblyName.GetAssemblyName(assembly).GetPublicKey() is { Length: > 0 };
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }

        /// <summary>Copies the inputs into <paramref name="output"/> (a folder's whole tree, so the copy runs), returning where the assemblies now are.</summary>
        private static List<string> CopyTo(IReadOnlyList<string> inputs, List<string> assemblies, string output)
        {
            var moved = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var input in inputs.Select(Path.GetFullPath))
            {
                if (Directory.Exists(input))
                {
                    if (string.Equals(input.TrimEnd(Path.DirectorySeparatorChar), output.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
                    {
                        throw ToolException.Usage($"--output {output} is the input folder itself. Leave out --output to instrument in place, or name another folder.");
                    }

                    foreach (var file in Directory.GetFiles(input, "*", SearchOption.AllDirectories))
                    {
                        var target = Path.Combine(output, Path.GetRelativePath(input, file));
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.Copy(file, target, overwrite: true);
                        moved[file] = target;
                    }
                }
                else
                {
                    Directory.CreateDirectory(output);
                    foreach (var file in new[] { input, Path.ChangeExtension(input, ".pdb") }.Where(File.Exists))
                    {
                        var target = Path.Combine(output, Path.GetFileName(file));
                        File.Copy(file, target, overwrite: true);
                        moved[file] = target;
                    }
                }
            }

            return assemblies.Select(a => moved[a]).ToList();
        }

        private sealed class SilentLog : IWeaveLog
        {
            // Every outcome comes back in the InstrumentResult, which the summary reports.
            public void Info(string message)
            {
            }

            public void Warning(string message)
            {
            }
        }
    }
}
