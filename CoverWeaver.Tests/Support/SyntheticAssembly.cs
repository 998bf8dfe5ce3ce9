using System;
using System.IO;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// An assembly written instrument by instrument with Mono.Cecil, with a portable PDB and a
    /// source file whose every line is "statement N;". It reaches IL shapes no C# source gives
    /// (fault handlers, sequence points at handler starts, thousands of points in one method).
    /// </summary>
    internal sealed class SyntheticAssembly
    {
        private readonly Document _document;
        private readonly string _sourcePath;
        private int _maxLine;

        public SyntheticAssembly(string name, string directory)
        {
            Name = name;
            Directory = directory;
            var assembly = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition(name, new Version(1, 0)), name, ModuleKind.Dll);
            Module = assembly.MainModule;
            // The assembly's name is the namespace, so each synthetic assembly has modules of its own.
            Type = new TypeDefinition(name, "Code", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit, Module.TypeSystem.Object);
            Module.Types.Add(Type);
            _sourcePath = Path.Combine(directory, name + ".src");
            _document = new Document(_sourcePath);
        }

        public string Name { get; }

        public string Directory { get; }

        public ModuleDefinition Module { get; }

        public TypeDefinition Type { get; }

        /// <summary>The module name of <see cref="Type"/>.</summary>
        public string ModuleName => Name + ".Code";

        public string SourcePath => _sourcePath;

        public MethodDefinition AddMethod(string name, TypeReference returnType, params TypeReference[] parameters)
        {
            var method = new MethodDefinition(name, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, returnType);
            method.Body.InitLocals = true;
            foreach (var parameter in parameters)
            {
                method.Parameters.Add(new ParameterDefinition(parameter));
            }

            Type.Methods.Add(method);
            return method;
        }

        public FieldDefinition AddStaticField(string name, TypeReference type)
        {
            var field = new FieldDefinition(name, FieldAttributes.Public | FieldAttributes.Static, type);
            Type.Fields.Add(field);
            return field;
        }

        /// <summary>Marks <paramref name="at"/> as the start of source line <paramref name="line"/>; call in IL order.</summary>
        public void Line(MethodDefinition method, Instruction at, int line)
        {
            _maxLine = Math.Max(_maxLine, line);
            var text = "statement " + line + ";";
            method.DebugInformation.SequencePoints.Add(new SequencePoint(at, _document)
            {
                StartLine = line,
                EndLine = line,
                StartColumn = 1,
                EndColumn = text.Length + 1,
            });
        }

        /// <summary>Writes the assembly, its portable PDB and its source; returns the assembly's path.</summary>
        public string Write()
        {
            File.WriteAllLines(_sourcePath, Enumerable.Range(1, _maxLine).Select(i => "statement " + i + ";"));
            var path = Path.Combine(Directory, Name + ".dll");
            Module.Write(path, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new PortablePdbWriterProvider() });
            return path;
        }
    }
}
