using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// AssemblyInstrumenter on code this project did not write: Mono.Cecil and System.CommandLine
    /// as their NuGet packages ship them, with portable PDBs whose sources are not on this machine
    /// (line coverage needs none). The woven copy must compile whole, behave exactly as the plain
    /// copy under real work, and count that work into the process's runtime.
    /// </summary>
    [TestClass]
    public sealed class ForeignPackageTests
    {
        private const string Cecil = "Mono.Cecil";
        private const string CommandLine = "System.CommandLine";

        // Each package is woven once for the class: weaving Cecil takes seconds.
        private static readonly Dictionary<string, Lazy<ForeignPackage>> Packages = new[] { Cecil, CommandLine }
            .ToDictionary(name => name, name => new Lazy<ForeignPackage>(() => ForeignPackage.Weave(name)));

        public TestContext TestContext { get; set; } = null!;

        [ClassCleanup]
        public static void DeleteWovenCopies()
        {
            foreach (var package in Packages.Values.Where(p => p.IsValueCreated))
            {
                package.Value.Dispose();
            }
        }

        [TestMethod]
        [DataRow(Cecil)]
        [DataRow(CommandLine)]
        public void WovenPackageCompilesEveryMethodAndListsEveryModule(string name)
        {
            var package = Woven(name);

            var (outcome, listed, callsBefore, callsAfter) = PrepareWoven(package);
            TestContext.WriteLine($"{package.Result.Message} Woven in {package.WeaveTime.TotalMilliseconds:F0} ms; {outcome.Prepared} methods compiled, {outcome.NotInstantiable.Count} not instantiable.");

            Assert.IsEmpty(outcome.Failures, string.Join("\n", outcome.Failures));
            using (var module = ModuleDefinition.ReadModule(package.WovenPath))
            {
                // Counted from the metadata, not by reflection: no body may have been missed.
                var bodies = module.GetTypes().Where(t => t.Name != "<Module>").SelectMany(t => t.Methods).Count(m => m.HasBody);
                Assert.AreEqual(bodies, outcome.Prepared + outcome.NotInstantiable.Count, "every method with a body was prepared or reported");
            }

            Assert.IsLessThanOrEqualTo(outcome.Prepared / 10, outcome.NotInstantiable.Count, "skipped: " + string.Join(", ", outcome.NotInstantiable));
            Assert.AreEqual(package.Result.Modules, listed, "every module the weaver reported is known to Cover once the assembly is loaded, under its type's name");
            Assert.AreEqual(callsBefore, callsAfter, "compiling runs no woven code");
        }

        [TestMethod]
        public void WovenMonoCecilReadsWalksAndWritesAssembliesAsThePlainOneDoes()
        {
            var package = Woven(Cecil);
            var inputs = new[] { "CoverWeaver.dll", "CoverWeaver.Fody.dll", "CoverWeaver.Tests.Plain.dll", "CoverWeaver.Tests.Woven.dll" }
                .Select(file => Path.Combine(AppContext.BaseDirectory, file))
                .Append(package.PlainPath) // Cecil reading and writing itself: the largest input, with a PDB beside it.
                .ToList();
            var writes = Calls("Mono.Cecil.ModuleDefinition", "Write", 2);

            var plain = Run(package, woven: false, assembly => CecilWorkload.Digest(assembly, inputs));
            var woven = Run(package, woven: true, assembly => CecilWorkload.Digest(assembly, inputs));

            TestContext.WriteLine(woven);
            Assert.AreEqual(plain, woven, "woven Cecil saw and wrote exactly what plain Cecil did");
            Assert.HasCount(inputs.Count + 1, woven.Split('\n', StringSplitOptions.RemoveEmptyEntries), "a line for each assembly read, and one for the broken ones");
            StringAssert.Contains(woven, ".cs:", "Cecil's frames in the broken images' stack traces have files and lines");
            Assert.AreEqual(inputs.Count, Calls("Mono.Cecil.ModuleDefinition", "Write", 2) - writes, "the woven copy counted each Write(Stream, WriterParameters) once; the plain copy none");
            AssertCovered(package, "Mono.Cecil.ModuleDefinition", "Mono.Cecil.MetadataReader", "Mono.Cecil.MetadataBuilder", "Mono.Cecil.Cil.CodeReader", "Mono.Cecil.Cil.PortablePdbReader");
        }

        [TestMethod]
        public void WovenSystemCommandLineParsesAsThePlainOneDoes()
        {
            var package = Woven(CommandLine);
            using var temp = new TempDirectory();
            var responseFile = temp.Combine("args.rsp");
            File.WriteAllText(responseFile, "--count 7\n--name from-file\n# a comment\ninput.txt\n");
            // Invoke, not Parse: System.CommandLine parses again inside (its suggest directive, its empty ParseResult) but never invokes.
            var invocations = Calls("System.CommandLine.ParseResult", "Invoke", 1);

            var plain = Run(package, woven: false, assembly => CommandLineWorkload.Digest(assembly, responseFile));
            var woven = Run(package, woven: true, assembly => CommandLineWorkload.Digest(assembly, responseFile));

            TestContext.WriteLine(woven);
            Assert.AreEqual(plain, woven, "woven System.CommandLine parsed, failed, helped and suggested exactly as the plain one");
            StringAssert.Contains(woven, "  error ", "some command lines were refused");
            StringAssert.Contains(woven, "Usage:", "some asked for help");
            Assert.AreEqual(CommandLineWorkload.CommandLines(responseFile).Count, Calls("System.CommandLine.ParseResult", "Invoke", 1) - invocations, "one counted Invoke per command line; the plain copy none");
            AssertCovered(package, "System.CommandLine.Command", "System.CommandLine.ParseResult", "System.CommandLine.Parsing.ParseOperation", "System.CommandLine.Help.HelpBuilder");
        }

        [TestMethod]
        [DataRow(Cecil, "Mono.Cecil.ModuleDefinition", "a Windows path")] // its PDB holds C:\sources\cecil\...
        [DataRow(CommandLine, "System.CommandLine.ParseResult", "deterministic build")] // its PDB holds /_/src/...
        public void AnnotatingAForeignModuleWithoutItsSourcesSaysWhereTheSourceWasExpected(string name, string module, string reason)
        {
            var package = Woven(name);
            // Known to Cover from the moment its assembly loads, and still after its context unloads.
            Assert.IsTrue(Run(package, woven: true, assembly => Cover.IsCompiled(module)));
            var expected = Cover.Analyse(module, Analysis.Coverage, Level.Line).Select(row => row.File!).First();
            using var temp = new TempDirectory();
            var outFile = temp.Combine(module + ".COVER.out");

            var e = Assert.ThrowsExactly<FileNotFoundException>(() => Cover.AnalyseToFile(module, outFile));

            Assert.AreEqual(expected, e.FileName);
            StringAssert.Contains(e.Message, module);
            StringAssert.Contains(e.Message, expected);
            StringAssert.Contains(e.Message, "not on this machine");
            if (Path.DirectorySeparatorChar == '/' || reason != "a Windows path")
            {
                StringAssert.Contains(e.Message, reason);
            }

            Assert.IsFalse(File.Exists(outFile), "no output file");
        }

        private static ForeignPackage Woven(string name)
        {
            var package = Packages[name].Value;
            Assert.IsTrue(package.Result.Instrumented, package.Result.Message);
            Assert.IsEmpty(package.Log.Warnings, string.Join("\n", package.Log.Warnings));
            return package;
        }

        /// <summary>Runs <paramref name="work"/> on the woven or plain copy in a context of its own, unloaded afterwards.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static T Run<T>(ForeignPackage package, bool woven, Func<Assembly, T> work)
        {
            var (context, assembly) = package.Load(woven);
            try
            {
                Assert.AreEqual(woven, assembly.GetManifestResourceNames().Contains("CoverWeaver.ProbeTable"), "the copy asked for was loaded");
                return work(assembly);
            }
            finally
            {
                context.Unload();
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (MethodPreparer.Outcome Outcome, int Listed, long CallsBefore, long CallsAfter) PrepareWoven(ForeignPackage package)
        {
            return Run(package, woven: true, assembly =>
            {
                var modules = new HashSet<string>(Cover.Modules(), StringComparer.Ordinal);
                var ours = assembly.GetTypes().Select(t => t.FullName!).Where(modules.Contains).ToList();
                var before = ours.Sum(m => Cover.Analyse(m, Analysis.Calls, Level.Module).Single().Calls);
                var outcome = MethodPreparer.PrepareAll(assembly);
                var after = ours.Sum(m => Cover.Analyse(m, Analysis.Calls, Level.Module).Single().Calls);
                return (outcome, ours.Count, before, after);
            });
        }

        private static void AssertCovered(ForeignPackage package, params string[] modules)
        {
            foreach (var module in modules)
            {
                var row = Cover.Analyse(module, Analysis.Coverage, Level.Module).Single();
                Assert.IsGreaterThan(0, row.Covered, $"{module} ran under the workload: {row}");
                Assert.IsGreaterThan(0, row.NotCovered + row.Covered, module);
            }

            Assert.IsTrue(Cover.Analyse(Analysis.Coverage, Level.Module).Count(r => r.Module.StartsWith(package.Name, StringComparison.Ordinal) && r.Covered > 0) >= 10,
                "many of the package's modules ran");
        }

        /// <summary>Calls of one function counted so far; 0 before its assembly was ever loaded.</summary>
        private static long Calls(string module, string function, int arity) =>
            !Cover.IsCompiled(module) ? 0 : Cover.Analyse(module, Analysis.Calls, Level.Function).Where(r => r.Function == function && r.Arity == arity).Sum(r => r.Calls);
    }
}
