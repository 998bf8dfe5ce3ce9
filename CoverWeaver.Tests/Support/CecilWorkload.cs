using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Real work for a copy of Mono.Cecil loaded in its own context, driven through reflection and
    /// <c>dynamic</c> (the tests' own Mono.Cecil is another copy whose types would not match): read
    /// assemblies with their symbols, walk every type, method and instruction, resolve the methods
    /// called, write each assembly and PDB back to memory and read the result again. The digest
    /// sums up all it saw; woven and plain Cecil must give the same one.
    /// </summary>
    internal static class CecilWorkload
    {
        public static string Digest(Assembly cecil, IReadOnlyList<string> inputs)
        {
            var text = new StringBuilder();
            dynamic resolver = Activator.CreateInstance(cecil.GetType("Mono.Cecil.DefaultAssemblyResolver", throwOnError: true)!)!;
            resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location));
            resolver.AddSearchDirectory(AppContext.BaseDirectory);
            try
            {
                foreach (var input in inputs)
                {
                    text.Append(Path.GetFileName(input)).Append(": ").Append(DigestOne(cecil, resolver, input)).Append('\n');
                }

                text.Append("broken images: ").Append(Failures(cecil)).Append('\n');
            }
            finally
            {
                resolver.Dispose();
            }

            return text.ToString();
        }

        private static string DigestOne(Assembly cecil, object resolver, string path)
        {
            dynamic parameters = New(cecil, "Mono.Cecil.ReaderParameters");
            parameters.AssemblyResolver = (dynamic)resolver;
            parameters.InMemory = true;
            parameters.ReadSymbols = true;
            parameters.SymbolReaderProvider = New(cecil, "Mono.Cecil.Cil.DefaultSymbolReaderProvider", false);
            dynamic module = Static(cecil, "Mono.Cecil.ModuleDefinition", "ReadModule", path, parameters);
            try
            {
                var walk = Walk(cecil, (object)module, resolve: true);

                // Written back with its PDB, then read again: the writer and the reader of what it wrote.
                var image = new MemoryStream();
                var pdb = new MemoryStream();
                dynamic writer = New(cecil, "Mono.Cecil.WriterParameters");
                writer.WriteSymbols = (bool)module.HasSymbols;
                writer.SymbolStream = pdb;
                writer.SymbolWriterProvider = New(cecil, "Mono.Cecil.Cil.PortablePdbWriterProvider");
                module.Write(image, writer);
                var written = $"written {image.Length} bytes {Hash(image.ToArray())}, pdb {pdb.Length} bytes";

                dynamic again = New(cecil, "Mono.Cecil.ReaderParameters");
                again.ReadSymbols = pdb.Length > 0;
                again.SymbolStream = new MemoryStream(pdb.ToArray());
                again.SymbolReaderProvider = New(cecil, "Mono.Cecil.Cil.PortablePdbReaderProvider");
                image.Position = 0;
                dynamic reread = Static(cecil, "Mono.Cecil.ModuleDefinition", "ReadModule", image, again);
                try
                {
                    return $"{walk}; {written}; reread {Walk(cecil, (object)reread, resolve: false)}";
                }
                finally
                {
                    reread.Dispose();
                }
            }
            finally
            {
                module.Dispose();
            }
        }

        /// <summary>
        /// Cecil refusing images that are not assemblies: the exception, and the file and line of
        /// the frame that threw it, which the woven copy's rewritten PDB must still give. Only that
        /// frame: the frames below it depend on what the JIT chose to inline, and woven methods are
        /// larger, so a caller frame may show in one copy and be inlined away in the other.
        /// </summary>
        private static string Failures(Assembly cecil)
        {
            var truncated = File.ReadAllBytes(typeof(CecilWorkload).Assembly.Location).AsSpan(0, 700).ToArray();
            var images = new[] { Array.Empty<byte>(), Encoding.ASCII.GetBytes("MZ not a portable executable"), truncated };
            var text = new StringBuilder();
            foreach (var image in images)
            {
                try
                {
                    Static(cecil, "Mono.Cecil.ModuleDefinition", "ReadModule", new MemoryStream(image), New(cecil, "Mono.Cecil.ReaderParameters"));
                    text.Append("read; ");
                }
                catch (Exception e)
                {
                    var frames = new System.Diagnostics.StackTrace(e, fNeedFileInfo: true).GetFrames()
                        .Where(f => f.GetMethod()?.DeclaringType?.Assembly == cecil)
                        .Take(1)
                        .Select(f => $"{f.GetMethod()!.DeclaringType!.Name}.{f.GetMethod()!.Name}:{Path.GetFileName(f.GetFileName())}:{f.GetFileLineNumber()}");
                    text.Append(e.GetType().Name).Append(' ').Append(e.Message).Append(" at ").Append(string.Join(" < ", frames)).Append("; ");
                }
            }

            return text.ToString();
        }

        /// <summary>Counts and checksums over everything Cecil exposes of a module.</summary>
        private static string Walk(Assembly cecil, object definition, bool resolve)
        {
            dynamic module = definition;
            var methodReference = cecil.GetType("Mono.Cecil.MethodReference", throwOnError: true)!;
            long types = 0, methods = 0, fields = 0, properties = 0, attributes = 0, instructions = 0, opcodes = 0, handlers = 0, variables = 0, points = 0, pointLines = 0;
            long resolved = 0, unresolved = 0;
            var failures = new SortedDictionary<string, int>(StringComparer.Ordinal);
            using var text = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (dynamic type in module.GetTypes())
            {
                types++;
                fields += type.Fields.Count;
                properties += type.Properties.Count;
                Append(text, (string)type.FullName);
                foreach (dynamic attribute in type.CustomAttributes)
                {
                    attributes++;
                    Append(text, (string)attribute.AttributeType.FullName);
                    foreach (dynamic argument in attribute.ConstructorArguments)
                    {
                        Append(text, Convert.ToString((object?)argument.Value, CultureInfo.InvariantCulture) ?? "null");
                    }
                }

                foreach (dynamic method in type.Methods)
                {
                    methods++;
                    Append(text, (string)method.FullName);
                    foreach (dynamic point in method.DebugInformation.SequencePoints)
                    {
                        points++;
                        pointLines += point.StartLine;
                    }

                    if (!method.HasBody)
                    {
                        continue;
                    }

                    dynamic body = method.Body;
                    handlers += body.ExceptionHandlers.Count;
                    variables += body.Variables.Count;
                    foreach (dynamic instruction in body.Instructions)
                    {
                        instructions++;
                        opcodes += instruction.OpCode.Value;
                        Append(text, (string)instruction.ToString());
                        object? operand = instruction.Operand;
                        if (resolve && operand != null && methodReference.IsInstanceOfType(operand))
                        {
                            try
                            {
                                if (((dynamic)operand).Resolve() != null)
                                {
                                    resolved++;
                                }
                                else
                                {
                                    unresolved++;
                                }
                            }
                            catch (Exception e)
                            {
                                failures[e.GetType().Name] = failures.TryGetValue(e.GetType().Name, out var n) ? n + 1 : 1;
                            }
                        }
                    }
                }
            }

            var failed = string.Join(",", failures);
            return $"{types} types, {methods} methods, {fields} fields, {properties} properties, {attributes} attributes, {instructions} instructions, opcodes {opcodes}, " +
                   $"{handlers} handlers, {variables} locals, {points} sequence points at lines {pointLines}, calls resolved {resolved}/{unresolved} [{failed}], text {Convert.ToHexString(text.GetHashAndReset())}";
        }

        private static void Append(IncrementalHash hash, string text)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
            hash.AppendData(new byte[] { 0 });
        }

        private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

        // dynamic, so that the binder assigns it by its real type.
        private static dynamic New(Assembly cecil, string type, params object[] args) =>
            Activator.CreateInstance(cecil.GetType(type, throwOnError: true)!, args)!;

        private static object Static(Assembly cecil, string type, string method, object input, object parameters)
        {
            var declaring = cecil.GetType(type, throwOnError: true)!;
            var found = declaring.GetMethod(method, new[] { input is Stream ? typeof(Stream) : typeof(string), parameters.GetType() })!;
            try
            {
                return found.Invoke(null, new[] { input, parameters })!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                // Rethrown with Cecil's own frames, which Failures reads.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
