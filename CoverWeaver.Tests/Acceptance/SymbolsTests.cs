using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>Probes come from the portable PDB, beside the assembly or embedded; without one the build warns and weaves nothing.</summary>
    [TestClass]
    public sealed class SymbolsTests
    {
        [TestMethod]
        public void AWovenAssemblysPdbStillMatchesItAndMapsItsLines()
        {
            var package = PackedPackage.Instance;
            var dir = ChannelProject.Create(package, "ChannelPdb");
            package.Build(dir, "-p:CoverWeave=true");
            var assembly = Path.Combine(dir, "bin", "Debug", "net10.0", "ChannelPdb.dll");

            using var pe = new PEReader(File.OpenRead(assembly));
            var codeView = pe.ReadDebugDirectory().Single(e => e.Type == DebugDirectoryEntryType.CodeView);
            var expectedId = new BlobContentId(pe.ReadCodeViewDebugDirectoryData(codeView).Guid, codeView.Stamp);
            using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(Path.ChangeExtension(assembly, ".pdb")));
            var pdb = pdbProvider.GetMetadataReader();
            Assert.AreEqual(expectedId, new BlobContentId(pdb.DebugMetadataHeader!.Id), "the PDB is the woven assembly's own");

            // The line never run in the manual is still where the PDB says a sequence point starts.
            var neverRun = SourceMarkers.LineOf(Path.Combine(dir, "Channel.cs"), "return false;");
            var lines = pdb.MethodDebugInformation.SelectMany(h => pdb.GetMethodDebugInformation(h).GetSequencePoints())
                .Where(p => !p.IsHidden).Select(p => p.StartLine).ToList();
            CollectionAssert.Contains(lines, neverRun);
        }

        [TestMethod]
        public void AnEmbeddedPdbIsReadAndRewritten()
        {
            var package = PackedPackage.Instance;
            var dir = ChannelProject.Create(package, "ChannelEmbedded");
            package.Build(dir, "-c", "Release", "-p:CoverWeave=true", "-p:DebugType=embedded");
            Assert.IsFalse(File.Exists(Path.Combine(dir, "bin", "Release", "net10.0", "ChannelEmbedded.pdb")));

            var output = DotNet.Succeed(dir, null, Path.Combine("bin", "Release", "net10.0", "ChannelEmbedded.dll"), Path.Combine(dir, "out.COVER.out"));
            StringAssert.Contains(output, "{ChannelDemo.Channel,{14,1}}");
            StringAssert.Contains(output, "{{ChannelDemo.Channel,Alloc,1,2},{0,1}}");
        }

        [TestMethod]
        public void WithoutAPdbTheBuildWarnsAndLeavesTheAssemblyUnwoven()
        {
            var package = PackedPackage.Instance;
            var dir = ChannelProject.Create(package, "ChannelNoPdb");
            var log = package.Build(dir, "-p:CoverWeave=true", "-p:DebugType=none");

            var warning = log.Split('\n').FirstOrDefault(l => l.Contains("warning") && l.Contains("CoverWeaver") && l.Contains("no PDB"));
            Assert.IsNotNull(warning, "the build says why nothing was woven:\n" + log);
            var assembly = Path.Combine(dir, "bin", "Debug", "net10.0", "ChannelNoPdb.dll");
            using (var module = Mono.Cecil.ModuleDefinition.ReadModule(assembly))
            {
                Assert.IsFalse(module.Resources.Any(r => r.Name == "CoverWeaver.ProbeTable"));
            }

            Assert.AreEqual(1, DotNet.Run(dir, null, assembly).ExitCode, "the sample reports its module is not cover-compiled");
        }
    }
}
