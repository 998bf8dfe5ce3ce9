using System.IO;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>Weaving a strong-named assembly leaves it validly signed, and it still counts.</summary>
    [TestClass]
    public sealed class StrongNameTests
    {
        [TestMethod]
        public void AWovenStrongNamedAssemblyIsStillValidlySignedAndCounts()
        {
            var package = PackedPackage.Instance;
            var dir = ChannelProject.Create(package, "ChannelSigned");
            File.Copy(RepoPaths.Combine("CoverWeaver.Tests", "Support", "TestKey.snk"), Path.Combine(dir, "key.snk"));
            package.Build(dir, "-c", "Release", "-p:CoverWeave=true", "-p:SignAssembly=true", "-p:AssemblyOriginatorKeyFile=key.snk");

            var assembly = Path.Combine(dir, "bin", "Release", "net10.0", "ChannelSigned.dll");
            Assert.IsTrue(StrongNameVerifier.IsValidlySigned(assembly), "the woven assembly's strong-name signature verifies");
            var output = DotNet.Succeed(dir, null, assembly, Path.Combine(dir, "out.COVER.out"));
            StringAssert.Contains(output, "{ChannelDemo.Channel,{14,1}}");
        }
    }
}
