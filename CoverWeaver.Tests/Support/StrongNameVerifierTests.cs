using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Support
{
    /// <summary>The verifier the strong-naming acceptance test relies on must itself tell good from bad.</summary>
    [TestClass]
    public sealed class StrongNameVerifierTests
    {
        [TestMethod]
        public void AcceptsTheCompilersSignatureAndRejectsAChangedByte()
        {
            var signed = typeof(Cover).Assembly.Location;
            Assert.IsTrue(StrongNameVerifier.IsValidlySigned(signed), "the compiler-signed runtime verifies");

            var tampered = Path.Combine(Path.GetTempPath(), "coverweaver-tampered-" + System.Guid.NewGuid().ToString("N") + ".dll");
            var bytes = File.ReadAllBytes(signed);
            using (var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(bytes)))
            {
                bytes[pe.PEHeaders.SectionHeaders[0].PointerToRawData + 8] ^= 0x5A; // inside .text, which is signed
            }

            File.WriteAllBytes(tampered, bytes);
            try
            {
                Assert.IsFalse(StrongNameVerifier.IsValidlySigned(tampered), "a changed byte breaks the signature");
            }
            finally
            {
                File.Delete(tampered);
            }

            Assert.IsFalse(StrongNameVerifier.IsValidlySigned(typeof(StrongNameVerifierTests).Assembly.Location.Replace("CoverWeaver.Tests.dll", "CoverWeaver.Tests.Woven.dll")),
                "an unsigned assembly is not validly signed");
        }
    }
}
