using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Fody;
using CoverWeaver.Tests.Support;
using Fody;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// The Fody addin weaves only when the build defines COVERWEAVE, so that a normal build
    /// carries no probes; with the define, the assembly comes out woven and counts when run.
    /// </summary>
    [TestClass]
    public sealed class FodyWeaverTests
    {
        private const string Plain = "CoverWeaver.Tests.Plain";

        [TestMethod]
        public void WithoutTheDefineNothingIsWoven()
        {
            using var temp = new TempDirectory();
            var weaver = new ModuleWeaver { DefineConstants = new List<string> { "DEBUG", "TRACE" } };

            var result = Weave(weaver, temp);

            Assert.IsEmpty(result.Errors.Select(e => e.Text));
            Assert.IsFalse(IsWoven(result.AssemblyPath));
            Assert.DoesNotContain("CoverWeaver.ProbeTable", result.Assembly.GetManifestResourceNames());
        }

        [TestMethod]
        public void WithTheDefineTheAssemblyIsWovenAndCounts()
        {
            using var temp = new TempDirectory();
            var weaver = new ModuleWeaver { DefineConstants = new List<string> { "DEBUG", ModuleWeaver.SwitchDefine } };

            var result = Weave(weaver, temp);

            Assert.IsEmpty(result.Errors.Select(e => e.Text));
            Assert.IsTrue(IsWoven(result.AssemblyPath));
            Assert.Contains("CoverWeaver.ProbeTable", result.Assembly.GetManifestResourceNames());

            const string Module = "Fixtures.Plain.Calculator";
            var before = Calls(Module, "Add");
            var twice = (int)result.Assembly.GetType(Module, throwOnError: true)!.GetMethod("Twice")!.Invoke(null, new object[] { 21 })!;
            Assert.AreEqual(42, twice);
            Assert.AreEqual(1L, Calls(Module, "Add") - before);
        }

        private static global::Fody.TestResult Weave(ModuleWeaver weaver, TempDirectory temp)
        {
            // A copy: the helper writes into a folder beside its input.
            var input = temp.CopyFromOutput(Plain + ".dll");
            temp.CopyFromOutput(Plain + ".pdb");
#pragma warning disable CS0618 // FodyHelpers marks its test helper as for tests only, which this is.
            return weaver.ExecuteTestRun(input, runPeVerify: false);
#pragma warning restore CS0618
        }

        private static bool IsWoven(string path)
        {
            using var module = ModuleDefinition.ReadModule(path);
            return module.Resources.Any(r => r.Name == "CoverWeaver.ProbeTable") && module.Types.Any(t => t.Name == "<CoverWeaver>Probes");
        }

        private static long Calls(string module, string function) =>
            Cover.Analyse(module, Analysis.Calls, Level.Function).Single(r => r.Function == function).Calls;
    }
}
