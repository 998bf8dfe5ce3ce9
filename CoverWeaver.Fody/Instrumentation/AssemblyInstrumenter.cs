using System;
using System.IO;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Instruments an assembly that is already built, with its portable PDB (beside it or
    /// embedded), in place or to a new path: what Erlang's <c>cover:compile_beam</c> does for a
    /// deployed release. The output is written whole or not at all.
    /// </summary>
    public static class AssemblyInstrumenter
    {
        /// <summary>Instruments <paramref name="assemblyPath"/>.</summary>
        /// <param name="assemblyPath">The assembly to instrument.</param>
        /// <param name="outputPath">Where to write it; null to replace it in place. Its PDB goes beside it.</param>
        /// <param name="options">What to instrument; all by default.</param>
        /// <param name="log">Where to report; the console by default.</param>
        /// <param name="strongNameKeyFile">A key to re-sign a strong-named assembly with.</param>
        /// <param name="sourceRoot">
        /// Where to look for sources the PDB names by mapped paths (<c>/_/...</c>): this directory and
        /// its ancestors. By default the assembly's own directory, whose ancestors usually hold the project.
        /// </param>
        /// <returns>What was done; an assembly that cannot be instrumented is left untouched and the result says why.</returns>
        public static InstrumentResult Instrument(string assemblyPath, string? outputPath = null, WeaveOptions? options = null, IWeaveLog? log = null, string? strongNameKeyFile = null, string? sourceRoot = null)
        {
            log ??= new ConsoleLog();
            var input = Path.GetFullPath(assemblyPath);
            var output = Path.GetFullPath(outputPath ?? assemblyPath);
            if (!File.Exists(input))
            {
                throw new FileNotFoundException($"No assembly at {input}.", input);
            }

            var pdb = Path.ChangeExtension(input, ".pdb");
            var symbolProblem = CheckSidecarPdb(pdb);
            if (symbolProblem != null)
            {
                return Refuse(log, $"{Path.GetFileName(input)}: {symbolProblem}", input, output);
            }

            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(Path.GetDirectoryName(input));
            ModuleDefinition module;
            try
            {
                module = ModuleDefinition.ReadModule(input, new ReaderParameters { ReadSymbols = true, InMemory = true, AssemblyResolver = resolver });
            }
            catch (SymbolsNotFoundException)
            {
                return Refuse(log, $"{Path.GetFileName(input)} has no PDB, so its lines are unknown; it is left uninstrumented.", input, output);
            }
            catch (SymbolsNotMatchingException)
            {
                return Refuse(log, $"{Path.GetFileName(input)}: the PDB beside it belongs to another build of it; it is left uninstrumented.", input, output);
            }
            catch (BadImageFormatException e)
            {
                return Refuse(log, $"{Path.GetFileName(input)} is not a .NET assembly ({e.Message}); it is left as it is.", input, output);
            }

            using (module)
            {
                if ((module.Attributes & ModuleAttributes.ILOnly) == 0 && (module.Attributes & ModuleAttributes.ILLibrary) == 0)
                {
                    return Refuse(log, $"{Path.GetFileName(input)} holds native code besides IL (a mixed-mode assembly), which cannot be rewritten; it is left uninstrumented.", input, output);
                }

                var embedded = module.HasDebugHeader && HasEmbeddedPdb(module.GetDebugHeader());
                var result = new ModuleInstrumenter(options ?? new WeaveOptions(), log).Instrument(module, sourceRoot ?? Path.GetDirectoryName(input));
                if (!result.Instrumented)
                {
                    CopyUnchanged(input, output, withPdb: !embedded);
                    return result;
                }

                if ((module.Attributes & ModuleAttributes.ILLibrary) != 0)
                {
                    // A ReadyToRun image: its native code is a compiled cache of the IL it still
                    // holds, and no longer matches the woven IL. The woven assembly is written as
                    // plain IL, which the JIT compiles; it starts slower but counts every line.
                    module.Attributes = (module.Attributes & ~ModuleAttributes.ILLibrary) | ModuleAttributes.ILOnly;
                    module.Architecture = ReadyToRunMachine(module.Architecture);
                    log.Info($"{Path.GetFileName(input)} was a ReadyToRun image; it is written as IL only, and its code is JIT-compiled.");
                }

                Write(module, output, embedded, strongNameKeyFile);
                return result;
            }
        }

        /// <summary>
        /// The machine a ReadyToRun image was compiled for: its PE header holds the machine XORed
        /// with a mark of the operating system (none for Windows), which an IL-only image must not.
        /// </summary>
        private static TargetArchitecture ReadyToRunMachine(TargetArchitecture marked)
        {
            ushort[] systems = { 0x0000, 0x7B79 /* Linux */, 0x4644 /* macOS */, 0xADC4 /* FreeBSD */, 0x1993 /* NetBSD */ };
            ushort[] machines = { (ushort)TargetArchitecture.I386, (ushort)TargetArchitecture.AMD64, (ushort)TargetArchitecture.ARM64, (ushort)TargetArchitecture.ARMv7 };
            foreach (var system in systems)
            {
                var machine = (ushort)((ushort)marked ^ system);
                if (Array.IndexOf(machines, machine) >= 0)
                {
                    return (TargetArchitecture)machine;
                }
            }

            return marked;
        }

        /// <summary>Writes assembly and PDB to temporary files, then moves both into place.</summary>
        private static void Write(ModuleDefinition module, string output, bool embedded, string? keyFile)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var stamp = "." + Guid.NewGuid().ToString("N") + ".tmp";
            var tempAssembly = output + stamp;
            var outputPdb = Path.ChangeExtension(output, ".pdb");
            var tempPdb = Path.ChangeExtension(tempAssembly, ".pdb");
            try
            {
                var parameters = new WriterParameters
                {
                    WriteSymbols = true,
                    // The PDB is written beside the temporary assembly, but the assembly must name where it ends up.
                    SymbolWriterProvider = embedded ? new EmbeddedPortablePdbWriterProvider() : (ISymbolWriterProvider)new FinalPdbPathWriterProvider(outputPdb),
                };
                if (keyFile != null)
                {
                    parameters.StrongNameKeyBlob = File.ReadAllBytes(keyFile);
                }

                module.Write(tempAssembly, parameters);
                Replace(tempAssembly, output);
                if (!embedded)
                {
                    Replace(tempPdb, outputPdb);
                }
            }
            finally
            {
                Delete(tempAssembly);
                Delete(tempPdb);
            }
        }

        private static string? CheckSidecarPdb(string pdb)
        {
            if (!File.Exists(pdb))
            {
                return null; // Maybe embedded; reading the module tells.
            }

            var head = new byte[4];
            using (var stream = File.OpenRead(pdb))
            {
                if (stream.Read(head, 0, 4) < 4)
                {
                    return "its PDB is empty or truncated; it is left uninstrumented.";
                }
            }

            if (head[0] == 'B' && head[1] == 'S' && head[2] == 'J' && head[3] == 'B')
            {
                return null;
            }

            return head[0] == 'M' && head[1] == 'i' && head[2] == 'c' && head[3] == 'r'
                ? "its PDB is a Windows PDB; CoverWeaver reads portable PDBs only, so it is left uninstrumented."
                : "the file beside it named .pdb is not a PDB; it is left uninstrumented.";
        }

        private static bool HasEmbeddedPdb(ImageDebugHeader header)
        {
            foreach (var entry in header.Entries)
            {
                if (entry.Directory.Type == ImageDebugType.EmbeddedPortablePdb)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Refuses; an output path still gets the assembly, unchanged, as when there is nothing to instrument.</summary>
        private static InstrumentResult Refuse(IWeaveLog log, string message, string input, string output)
        {
            CopyUnchanged(input, output, withPdb: true);
            log.Warning(message);
            return new InstrumentResult(false, message);
        }

        /// <summary>Puts the assembly, and its PDB if asked, at a new output path exactly as they are.</summary>
        private static void CopyUnchanged(string input, string output, bool withPdb)
        {
            if (output == input)
            {
                return;
            }

            CopyWhole(input, output);
            var pdb = Path.ChangeExtension(input, ".pdb");
            if (withPdb && File.Exists(pdb))
            {
                CopyWhole(pdb, Path.ChangeExtension(output, ".pdb"));
            }
        }

        private static void CopyWhole(string from, string to)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            var temp = to + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(from, temp);
            Replace(temp, to);
        }

        private static void Replace(string from, string to)
        {
            if (File.Exists(to))
            {
                File.Replace(from, to, null);
            }
            else
            {
                File.Move(from, to);
            }
        }

        private static void Delete(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        private sealed class ConsoleLog : IWeaveLog
        {
            public void Info(string message) => Console.WriteLine("CoverWeaver: " + message);

            public void Warning(string message) => Console.Error.WriteLine("CoverWeaver: warning: " + message);
        }
    }
}
