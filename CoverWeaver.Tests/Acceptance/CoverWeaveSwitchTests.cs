using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// `dotnet build` gives no probes, `dotnet build -p:CoverWeave=true` counts every line, and
    /// switching back and forth on incremental builds never leaves a stale assembly.
    /// </summary>
    [TestClass]
    public sealed class CoverWeaveSwitchTests
    {
        [TestMethod]
        public void SwitchingBothWaysOnIncrementalBuildsAlwaysGivesWhatWasAskedFor()
        {
            var package = PackedPackage.Instance;
            var dir = ChannelProject.Create(package, "ChannelSwitch");
            var assembly = Path.Combine(dir, "bin", "Debug", "net10.0", "ChannelSwitch.dll");

            package.Build(dir);
            var plainReferences = References(assembly);
            AssertWoven(dir, assembly, false);

            package.Build(dir, "-p:CoverWeave=true");
            AssertWoven(dir, assembly, true);
            var added = References(assembly).Except(plainReferences).ToList();
            Assert.IsTrue(added.All(r => r == "CoverWeaver"), "woven code references nothing new but CoverWeaver: " + string.Join(", ", added));

            package.Build(dir);
            AssertWoven(dir, assembly, false);

            package.Build(dir, "-p:CoverWeave=true");
            AssertWoven(dir, assembly, true);
        }

        private static void AssertWoven(string dir, string assembly, bool woven)
        {
            using (var module = ModuleDefinition.ReadModule(assembly))
            {
                Assert.AreEqual(woven, module.Resources.Any(r => r.Name == "CoverWeaver.ProbeTable"), "probe table present");
                Assert.AreEqual(woven, module.Types.Any(t => t.Name == "<CoverWeaver>Probes"), "probe holder present");
            }

            // And the program itself sees it: the sample exits 1 when its module is not cover-compiled.
            var (exitCode, output) = DotNet.Run(dir, null, assembly);
            Assert.AreEqual(woven ? 0 : 1, exitCode, output);
        }

        private static List<string> References(string assembly)
        {
            using var module = ModuleDefinition.ReadModule(assembly);
            return module.AssemblyReferences.Select(r => r.Name).ToList();
        }
    }
}
