using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// Every woven method body is valid IL: the JIT compiles each one, including the many no test
    /// runs. A probe that unbalances the stack or a branch left pointing past it fails here.
    /// </summary>
    [TestClass]
    public sealed class JitTests
    {
        [TestMethod]
        public void EveryMethodOfTheWovenFixtureCompiles()
        {
            var assembly = typeof(Fixtures.Woven.Concurrency).Assembly;
            var before = WovenFixtureCalls();

            var outcome = MethodPreparer.PrepareAll(assembly);

            AssertAllPrepared(outcome, assembly.Location);
            // The fixture has dozens of methods over every construct the oracle covers; a handful would mean another assembly was looked at.
            Assert.IsGreaterThanOrEqualTo(50, outcome.Prepared);
            Assert.AreEqual(before, WovenFixtureCalls(), "compiling runs no woven code, so OracleTests' counts stay exact whatever the order");
        }

        [TestMethod]
        public void EveryMethodOfTheNeverLoadedFixtureCompilesInAnIsolatedContext()
        {
            // Its own collectible context: the default context must never see it (ModuleDiscoveryTests).
            var (outcome, path, context) = PrepareInIsolation(Path.Combine(AppContext.BaseDirectory, "CoverWeaver.Tests.NeverLoaded.dll"));

            AssertAllPrepared(outcome, path);
            Assert.IsFalse(
                System.Runtime.Loader.AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == "CoverWeaver.Tests.NeverLoaded"),
                "the default context never loaded it");
            for (var i = 0; i < 20 && context.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.IsFalse(context.IsAlive, "once unloaded, nothing (the coverage registry included) keeps the woven assembly alive");
        }

        private static long WovenFixtureCalls()
        {
            var prefix = Path.GetFullPath(RepoPaths.WovenFixtures);
            return Cover.Analyse(Analysis.Calls, Level.Line)
                .Where(r => r.File != null && Path.GetFullPath(r.File).StartsWith(prefix, StringComparison.Ordinal))
                .Sum(r => r.Calls);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (MethodPreparer.Outcome Outcome, string Path, WeakReference Context) PrepareInIsolation(string path)
        {
            var context = new DirectoryLoadContext("never-loaded", AppContext.BaseDirectory);
            var assembly = context.LoadFromAssemblyPath(path);
            Assert.IsTrue(assembly.GetManifestResourceNames().Contains("CoverWeaver.ProbeTable"), "the fixture is woven");
            var outcome = MethodPreparer.PrepareAll(assembly);
            context.Unload();
            return (outcome, path, new WeakReference(context));
        }

        private static void AssertAllPrepared(MethodPreparer.Outcome outcome, string path)
        {
            Assert.IsEmpty(outcome.Failures, string.Join("\n", outcome.Failures));

            // Counted independently from the metadata: reflection must not have missed any body.
            using var module = ModuleDefinition.ReadModule(path);
            var bodies = module.GetTypes().Where(t => t.Name != "<Module>").SelectMany(t => t.Methods).Count(m => m.HasBody);
            Assert.AreEqual(bodies, outcome.Prepared + outcome.NotInstantiable.Count, "every method with a body was prepared or reported");
            Assert.IsLessThanOrEqualTo(outcome.Prepared / 10, outcome.NotInstantiable.Count, "skipped: " + string.Join(", ", outcome.NotInstantiable));
        }
    }
}
