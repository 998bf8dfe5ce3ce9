using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Builds a one-file C# library in-process with Roslyn, as the compiler of a real build does:
    /// a release dll with its portable PDB beside it, deterministic, the file's path as its document.
    /// </summary>
    internal static class SmallLibrary
    {
        /// <summary>Writes <paramref name="source"/> to <paramref name="sourcePath"/> and compiles it to <paramref name="dllPath"/> (and its .pdb).</summary>
        public static void Build(string assemblyName, string sourcePath, string source, string dllPath)
        {
            File.WriteAllText(sourcePath, source);
            var tree = CSharpSyntaxTree.ParseText(source, path: sourcePath, encoding: System.Text.Encoding.UTF8);
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Console.dll" or "System.Linq.dll" or "System.Collections.dll")
                .Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create(assemblyName, new[] { tree }, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, deterministic: true));
            using var dll = File.Create(dllPath);
            using var pdb = File.Create(Path.ChangeExtension(dllPath, ".pdb"));
            var result = compilation.Emit(dll, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb, pdbFilePath: Path.ChangeExtension(dllPath, ".pdb")));
            if (!result.Success)
            {
                throw new InvalidOperationException("The library does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }
        }
    }
}
