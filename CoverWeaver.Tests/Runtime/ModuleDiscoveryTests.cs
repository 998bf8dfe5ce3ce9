extern alias runtime;

using System;
using System.Linq;
using CoverWeaver.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Runtime
{
    /// <summary>
    /// As in Erlang's cover, a compiled module that never ran shows as 0%, never as missing: the
    /// runtime learns modules from the probe tables, not from code running.
    /// </summary>
    [TestClass]
    public sealed class ModuleDiscoveryTests
    {
        private const string NeverLoadedAssembly = "CoverWeaver.Tests.NeverLoaded";

        [TestMethod]
        public void ModuleWhoseCodeNeverRanIsListedAtZero()
        {
            // Named by string: the test must not touch the type, only the runtime's knowledge of it.
            Assert.Contains("Fixtures.Woven.NeverRun", Cover.Modules());
            var row = Cover.Analyse("Fixtures.Woven.NeverRun", Analysis.Coverage, Level.Module).Single();

            Assert.AreEqual(0, row.Covered);
            Assert.IsGreaterThan(0, row.NotCovered, "its executable lines are known");
            Assert.AreEqual(0L, row.Calls);
        }

        [TestMethod]
        public void ModuleOfAnAssemblyNeverLoadedIsListedAtZero()
        {
            Assert.IsFalse(IsLoaded(NeverLoadedAssembly), "precondition: no test loads the assembly");

            var listed = Cover.Modules().Contains("Fixtures.NeverLoaded.Dormant");
            var compiled = Cover.IsCompiled("Fixtures.NeverLoaded.Dormant");
            var row = Cover.Analyse("Fixtures.NeverLoaded.Dormant", Analysis.Coverage, Level.Module).Single();
            var functions = Cover.Analyse("Fixtures.NeverLoaded.Dormant", Analysis.Calls, Level.Function);

            Assert.IsFalse(IsLoaded(NeverLoadedAssembly), "finding its modules must not load it");
            Assert.IsTrue(listed);
            Assert.IsTrue(compiled);
            Assert.AreEqual(0, row.Covered);
            Assert.IsGreaterThan(0, row.NotCovered);
            Assert.IsTrue(functions.Any(f => f.Function == "Sleep" && f.Arity == 1 && f.Calls == 0), string.Join(", ", functions));
        }

        [TestMethod]
        public void TheProbeTableOfAnUnloadedAssemblyIsFoundFromItsHeadersAlone()
        {
            var path = System.IO.Path.Combine(AppContext.BaseDirectory, NeverLoadedAssembly + ".dll");

            var resource = ManagedResources.Find(path, ProbeTableCodec.Magic);

            Assert.IsNotNull(resource, "the woven assembly's table is among its managed resources");
            Assert.AreEqual("Fixtures.NeverLoaded.Dormant", ProbeTableCodec.FindIn(resource)!.Modules.Single().Name);
            Assert.IsNull(ManagedResources.Find(typeof(Assert).Assembly.Location, ProbeTableCodec.Magic), "an assembly never woven has none");
        }

        [TestMethod]
        public void AFileThatIsNoAssemblyHasNoTable()
        {
            using var temp = new Support.TempDirectory();
            var text = temp.Combine("fake.dll");
            System.IO.File.WriteAllText(text, "MZ but nothing else a PE file needs");
            var truncated = temp.Combine("truncated.dll");
            var bytes = System.IO.File.ReadAllBytes(System.IO.Path.Combine(AppContext.BaseDirectory, NeverLoadedAssembly + ".dll"));
            System.IO.File.WriteAllBytes(truncated, bytes.Take(300).ToArray());

            Assert.IsNull(ManagedResources.Find(text, ProbeTableCodec.Magic));
            Assert.IsNull(ManagedResources.Find(truncated, ProbeTableCodec.Magic));
        }

        [TestMethod]
        public void AskingForModulesAgainReusesTheListUntilAModuleIsAdded()
        {
            var first = Registry.Modules();
            Assert.AreSame(first, Registry.Modules(), "nothing loaded in between: no second discovery, no new list");
        }

        private static bool IsLoaded(string simpleName) =>
            AppDomain.CurrentDomain.GetAssemblies().Any(a => string.Equals(a.GetName().Name, simpleName, StringComparison.Ordinal));
    }
}
