extern alias runtime;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using CoverWeaver.Fody.Instrumentation;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;
using Mono.Cecil.Cil;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// Whether the source files are on disk when an assembly is woven must not change its probes:
    /// the same binary woven with and without its sources gets the same executable lines, the same
    /// slots and the same fingerprints, or the sources would be a hidden input of the build (a CI
    /// agent that has only the binaries would weave another build than the developer's machine).
    /// </summary>
    [TestClass]
    public sealed class SourcePresenceTests
    {
        /// <summary>
        /// The plain fixture and the construct oracle built plain as Debug and Release code (braces
        /// with and without IL, labels, break, continue, goto, return;, async and iterator state
        /// machines), their PDBs pointed at copies of their sources that are then moved away.
        /// </summary>
        [TestMethod]
        [DataRow("Plain", false)]
        [DataRow("OraclePlainDebug", false)]
        [DataRow("OraclePlainRelease", false)]
        [DataRow("OraclePlainDebug", true)]
        public void SourcesPresentOrNotGiveTheSameProbes(string fixture, bool deterministicPaths)
        {
            using var temp = new TempDirectory();
            var input = PlainCopyWithSourcesUnder(temp, fixture, deterministicPaths);
            var sources = temp.Combine("src");
            var sourceRoot = temp.Combine("bin");

            var withSources = Weave(input, temp.Combine("with"), sourceRoot);
            Directory.Move(sources, temp.Combine("moved-away"));
            var withoutSources = Weave(input, temp.Combine("without"), sourceRoot);

            Assert.IsGreaterThan(0, withSources.Modules.Sum(m => m.Clauses.Sum(c => c.Lines.Count)), "the fixture has executable lines");
            Assert.AreEqual(Describe(withSources), Describe(withoutSources), "lines, slots and fingerprints");
            Assert.AreEqual(withSources.BuildId, withoutSources.BuildId);
            if (!deterministicPaths)
            {
                // Absolute paths are recorded as the PDB says, found or not. (A mapped /_/ path is
                // recorded as the file found on disk, for the annotated source, or else as it is:
                // that is where the file is, not what the build is, and no fingerprint holds it.)
                CollectionAssert.AreEqual(withSources.Documents, withoutSources.Documents);
            }
        }

        /// <summary>
        /// The fixture's assembly and PDB in temp/bin, its documents renamed to copies of the
        /// sources in temp/src (or to /_/src/..., as a deterministic build names them, found under
        /// temp from temp/bin), so the sources can be taken away without touching the repository.
        /// </summary>
        private static string PlainCopyWithSourcesUnder(TempDirectory temp, string fixture, bool deterministicPaths)
        {
            var original = fixture == "Plain"
                ? Path.Combine(AppContext.BaseDirectory, "CoverWeaver.Tests.Plain.dll")
                : RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", "OracleRunner", fixture.Substring("Oracle".Length), "bin", Configuration, "net10.0", $"CoverWeaver.Tests.{fixture}.dll");
            Directory.CreateDirectory(temp.Combine("bin"));
            Directory.CreateDirectory(temp.Combine("src"));
            var output = Path.Combine(temp.Combine("bin"), Path.GetFileName(original));
            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(Path.GetDirectoryName(original)!);
            using (var module = ModuleDefinition.ReadModule(original, new ReaderParameters { ReadSymbols = true, InMemory = true, AssemblyResolver = resolver }))
            {
                var documents = module.GetTypes().SelectMany(t => t.Methods)
                    .SelectMany(m => m.DebugInformation.SequencePoints)
                    .Select(p => p.Document)
                    .Distinct()
                    .ToList();
                var copied = new Dictionary<string, string>();
                foreach (var document in documents)
                {
                    if (!copied.TryGetValue(document.Url, out var name))
                    {
                        // Numbered, since two folders of the fixture may hold files of one name.
                        name = copied.Count + "-" + Path.GetFileName(document.Url);
                        File.Copy(document.Url, Path.Combine(temp.Combine("src"), name));
                        copied[document.Url] = name;
                    }

                    document.Url = deterministicPaths ? "/_/src/" + name : Path.Combine(temp.Combine("src"), name);
                }

                Assert.IsGreaterThan(0, documents.Count, "the fixture has sources");
                module.Write(output, new WriterParameters { WriteSymbols = true, SymbolWriterProvider = new PortablePdbWriterProvider() });
            }

            return output;
        }

        private static AssemblyProbeTable Weave(string input, string folder, string sourceRoot)
        {
            var output = Path.Combine(folder, Path.GetFileName(input));
            var result = AssemblyInstrumenter.Instrument(input, output, log: new RecordingLog(), sourceRoot: sourceRoot);
            Assert.IsTrue(result.Instrumented, result.Message);
            return ProbeTableCodec.FindIn(File.ReadAllBytes(output)) ?? throw new AssertFailedException("no probe table in " + output);
        }

        /// <summary>Every module's fingerprint and every clause's lines and slots, one per line, so a difference shows where it is.</summary>
        private static string Describe(AssemblyProbeTable table)
        {
            var text = new StringBuilder();
            foreach (var module in table.Modules)
            {
                text.Append(module.Name).Append(" fingerprint ").Append(module.Fingerprint.ToString("x16")).Append('\n');
                foreach (var clause in module.Clauses)
                {
                    text.Append("  ").Append(clause.Function).Append('/').Append(clause.Arity).Append(' ').Append(clause.Clause)
                        .Append(" entry ").Append(clause.EntrySlot).Append(':');
                    foreach (var line in clause.Lines)
                    {
                        text.Append(' ').Append(Path.GetFileName(table.Documents[line.Document])).Append(':').Append(line.Line)
                            .Append('=').Append(line.Slot).Append(string.Concat(line.Plus.Select(p => "+" + p)));
                    }

                    text.Append('\n');
                }
            }

            return text.ToString();
        }

        private static string Configuration =>
            typeof(SourcePresenceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
    }
}
