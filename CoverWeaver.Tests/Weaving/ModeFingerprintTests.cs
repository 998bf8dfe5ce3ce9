extern alias runtime;

using System.IO;
using System.Linq;
using CoverWeaver.Fody.Instrumentation;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// The counting mode is part of a module's build: the same code woven in count and in set mode
    /// gives two fingerprints, so the build rule tells their data apart however they meet.
    /// </summary>
    [TestClass]
    public sealed class ModeFingerprintTests
    {
        [TestMethod]
        public void TheSameCodeWovenInCountAndSetModeHasOtherFingerprints()
        {
            using var temp = new TempDirectory();
            var input = temp.CopyFromOutput("CoverWeaver.Tests.Plain.dll");
            temp.CopyFromOutput("CoverWeaver.Tests.Plain.pdb");

            var count = Weave(input, temp.Combine("count"), WeaveMode.Count);
            var set = Weave(input, temp.Combine("set"), WeaveMode.Set);

            CollectionAssert.AreEqual(count.Modules.Select(m => m.Name).ToList(), set.Modules.Select(m => m.Name).ToList(), "the same modules");
            Assert.IsTrue(count.Modules.Zip(set.Modules).All(pair => pair.First.Fingerprint != pair.Second.Fingerprint), "every module's fingerprint differs");
            Assert.AreNotEqual(count.BuildId, set.BuildId);
            Assert.AreEqual(CountingMode.Count, count.Mode);
            Assert.AreEqual(CountingMode.Set, set.Mode);
        }

        private static AssemblyProbeTable Weave(string input, string folder, WeaveMode mode)
        {
            var output = Path.Combine(folder, Path.GetFileName(input));
            var result = AssemblyInstrumenter.Instrument(input, output, new WeaveOptions { Mode = mode }, new RecordingLog());
            Assert.IsTrue(result.Instrumented, result.Message);
            return ProbeTableCodec.FindIn(File.ReadAllBytes(output))!;
        }
    }
}
