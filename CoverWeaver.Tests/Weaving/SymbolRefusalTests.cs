using System.IO;
using System.Linq;
using System.Text;
using CoverWeaver.Fody.Instrumentation;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// Without a portable PDB that belongs to the assembly, lines are unknown: the instrumenter
    /// refuses, warns why, and leaves the assembly exactly as it was (written unchanged to a new
    /// output path, so a build step that expects the output still finds it).
    /// </summary>
    [TestClass]
    public sealed class SymbolRefusalTests
    {
        private const string Plain = "CoverWeaver.Tests.Plain";

        [TestMethod]
        public void AssemblyWithoutPdbIsCopiedUnchanged()
        {
            using var temp = new TempDirectory();
            var input = temp.CopyFromOutput(Plain + ".dll");
            var bytes = File.ReadAllBytes(input);
            var output = Path.Combine(temp.Path, "out", Plain + ".dll");
            var log = new RecordingLog();

            var toNewPath = AssemblyInstrumenter.Instrument(input, output, log: log);
            var inPlace = AssemblyInstrumenter.Instrument(input, log: new RecordingLog());

            AssertRefused(toNewPath, log, "PDB");
            Assert.IsFalse(inPlace.Instrumented);
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(input), "the input is untouched");
            Assert.IsTrue(File.Exists(output), "the output path holds the assembly");
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(output), "the output is the input");
        }

        [TestMethod]
        public void WindowsPdbIsRefused()
        {
            using var temp = new TempDirectory();
            var input = temp.CopyFromOutput(Plain + ".dll");
            var pdb = temp.Combine(Plain + ".pdb");
            var header = Encoding.ASCII.GetBytes("Microsoft C/C++ MSF 7.00\r\n\x1A" + "DS\0\0\0");
            File.WriteAllBytes(pdb, header.Concat(new byte[4096 - header.Length]).ToArray());
            var log = new RecordingLog();

            var result = AssertUntouched(input, pdb, () => AssemblyInstrumenter.Instrument(input, log: log));

            AssertRefused(result, log, "Windows PDB");
        }

        [TestMethod]
        public void PdbOfAnotherAssemblyIsRefused()
        {
            using var temp = new TempDirectory();
            var input = temp.CopyFromOutput(Plain + ".dll");
            var pdb = temp.CopyFromOutput("CoverWeaver.Tests.Woven.pdb", Plain + ".pdb");
            var log = new RecordingLog();

            var result = AssertUntouched(input, pdb, () => AssemblyInstrumenter.Instrument(input, log: log));

            AssertRefused(result, log, "PDB");
        }

        private static InstrumentResult AssertUntouched(string assembly, string pdb, System.Func<InstrumentResult> act)
        {
            var assemblyBytes = File.ReadAllBytes(assembly);
            var pdbBytes = File.ReadAllBytes(pdb);
            var result = act();
            CollectionAssert.AreEqual(assemblyBytes, File.ReadAllBytes(assembly), "assembly untouched");
            CollectionAssert.AreEqual(pdbBytes, File.ReadAllBytes(pdb), "PDB untouched");
            return result;
        }

        private static void AssertRefused(InstrumentResult result, RecordingLog log, string reason)
        {
            Assert.IsFalse(result.Instrumented);
            StringAssert.Contains(result.Message, reason);
            Assert.IsTrue(log.Warnings.Any(w => w.Contains(reason, System.StringComparison.Ordinal)), "the refusal is a warning: " + string.Join(" | ", log.Warnings));
        }
    }
}
