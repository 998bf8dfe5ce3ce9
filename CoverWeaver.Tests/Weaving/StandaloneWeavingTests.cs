using System;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using CoverWeaver.Fody.Instrumentation;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// AssemblyInstrumenter on assemblies that are already built, as cover:compile_beam does: here
    /// the weaver's own CoverWeaver.Fody.dll (its PDB is embedded) and the unwoven Plain fixture
    /// (its PDB beside it). The result must load, compile and count into the shared runtime.
    /// </summary>
    [TestClass]
    public sealed class StandaloneWeavingTests
    {
        private const string WeaverFile = "CoverWeaver.Fody.dll";

        [TestMethod]
        public void WeaverAssemblyInstrumentsLoadsAndCounts()
        {
            using var temp = new TempDirectory();
            var input = temp.CopyFromOutput(WeaverFile);
            var output = Path.Combine(temp.Path, "out", WeaverFile);

            var result = AssemblyInstrumenter.Instrument(input, output, log: new RecordingLog());

            Assert.IsTrue(result.Instrumented, result.Message);
            Assert.IsGreaterThan(0, result.Modules);
            AssertWoven(output);
            CountsWhenRun(output);
        }

        [TestMethod]
        public void PlainAssemblyWithPdbBesideItGetsAnInstrumentedPdbBesideTheOutput()
        {
            using var temp = new TempDirectory();
            var input = temp.CopyFromOutput("CoverWeaver.Tests.Plain.dll");
            temp.CopyFromOutput("CoverWeaver.Tests.Plain.pdb");
            var output = Path.Combine(temp.Path, "out", "CoverWeaver.Tests.Plain.dll");

            var result = AssemblyInstrumenter.Instrument(input, output, log: new RecordingLog());

            Assert.IsTrue(result.Instrumented, result.Message);
            AssertWoven(output);
            using var module = ModuleDefinition.ReadModule(output, new ReaderParameters { ReadSymbols = true });
            Assert.IsTrue(module.GetTypes().SelectMany(t => t.Methods).Any(m => m.DebugInformation.HasSequencePoints), "the new PDB beside the output matches it");
        }

        [TestMethod]
        [DataRow("CoverWeaver.Tests.Plain.dll")]
        [DataRow("Renamed.dll")]
        public void TheOutputNamesItsPdbWhereTheRuntimeAndDebuggersLookForIt(string outputName)
        {
            // The PDB is first written beside a temporary assembly; a CodeView entry naming that
            // temporary file left the runtime without line numbers in stack traces.
            using var temp = new TempDirectory();
            var input = temp.CopyFromOutput("CoverWeaver.Tests.Plain.dll");
            temp.CopyFromOutput("CoverWeaver.Tests.Plain.pdb");
            var output = Path.Combine(temp.Path, "out", outputName);

            Assert.IsTrue(AssemblyInstrumenter.Instrument(input, output, log: new RecordingLog()).Instrumented);

            var pdb = Path.ChangeExtension(output, ".pdb");
            using var pe = new PEReader(File.OpenRead(output));
            var codeView = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView);
            Assert.AreEqual(pdb, pe.ReadCodeViewDebugDirectoryData(codeView).Path);
            Assert.IsTrue(pe.TryOpenAssociatedPortablePdb(output, path => File.Exists(path) ? File.OpenRead(path) : null, out var provider, out var found), "the PDB's id matches the assembly");
            provider!.Dispose();
            Assert.AreEqual(pdb, found);
            CollectionAssert.AreEquivalent(new[] { outputName, Path.GetFileName(pdb) }, Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName).ToArray(), "no temporary file left");
        }

        [TestMethod]
        public void InstrumentingTwiceLeavesTheInstrumentedFileAlone()
        {
            using var temp = new TempDirectory();
            var input = temp.CopyFromOutput(WeaverFile);
            var once = temp.Combine("once.dll");
            Assert.IsTrue(AssemblyInstrumenter.Instrument(input, once, log: new RecordingLog()).Instrumented);
            var bytes = File.ReadAllBytes(once);

            var inPlace = AssemblyInstrumenter.Instrument(once, log: new RecordingLog());
            var copy = Path.Combine(temp.Path, "new-folder", "twice.dll");
            var toCopy = AssemblyInstrumenter.Instrument(once, copy, log: new RecordingLog());

            Assert.IsFalse(inPlace.Instrumented);
            StringAssert.Contains(inPlace.Message, "already instrumented");
            Assert.IsFalse(toCopy.Instrumented);
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(once), "in place: the file is untouched");
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(copy), "to a new path: the output is the input");
        }

        [TestMethod]
        public void WovenReferenceToTheRuntimeBinds()
        {
            // The weaver writes a reference to the runtime's name, token and its own version: all three must match the runtime.
            var runtime = typeof(Cover).Assembly.GetName();

            CollectionAssert.AreEqual(RuntimeReferences.RuntimePublicKeyToken, runtime.GetPublicKeyToken());
            Assert.AreEqual(RuntimeReferences.RuntimeAssemblyName, runtime.Name);
            Assert.AreEqual(runtime.Version, typeof(AssemblyInstrumenter).Assembly.GetName().Version);
        }

        private static void AssertWoven(string path)
        {
            using var module = ModuleDefinition.ReadModule(path);
            Assert.IsTrue(module.Resources.Any(r => r.Name == "CoverWeaver.ProbeTable"), "probe table resource");
            Assert.IsTrue(module.Types.Any(t => t.Name == "<CoverWeaver>Probes"), "counter holder type");
            var runtime = module.AssemblyReferences.Single(r => r.Name == "CoverWeaver");
            Assert.AreEqual(typeof(Cover).Assembly.GetName().Version, runtime.Version);
        }

        /// <summary>Loads the woven weaver on its own, compiles all of it, and runs one method of it.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CountsWhenRun(string path)
        {
            const string Module = "CoverWeaver.Fody.Instrumentation.WeaveOptions";
            var context = new DirectoryLoadContext("woven-weaver", AppContext.BaseDirectory);
            try
            {
                var assembly = context.LoadFromAssemblyPath(path);
                var prepared = MethodPreparer.PrepareAll(assembly);
                Assert.IsEmpty(prepared.Failures, string.Join("\n", prepared.Failures));
                Assert.IsGreaterThan(0, prepared.Prepared);

                var fromXml = assembly.GetType(Module, throwOnError: true)!.GetMethod("FromXml")!;
                Assert.IsTrue(Cover.IsCompiled(Module), "known once loaded, before it runs");
                var before = Calls(Module, "FromXml");

                var options = fromXml.Invoke(null, new object[] { new XElement("CoverWeaver", new XAttribute("ExcludeTypes", "A*;B*")) })!;

                var excluded = (System.Collections.Generic.IReadOnlyList<string>)options.GetType().GetProperty("ExcludeTypes")!.GetValue(options)!;
                CollectionAssert.AreEqual(new[] { "A*", "B*" }, excluded.ToArray(), "the woven weaver still works");
                Assert.AreEqual(1L, Calls(Module, "FromXml") - before);
                Assert.IsGreaterThan(0, Cover.Analyse(Module, Analysis.Coverage, Level.Module).Single().Covered);
            }
            finally
            {
                context.Unload();
            }
        }

        private static long Calls(string module, string function) =>
            Cover.Analyse(module, Analysis.Calls, Level.Function).Single(r => r.Function == function).Calls;
    }
}
