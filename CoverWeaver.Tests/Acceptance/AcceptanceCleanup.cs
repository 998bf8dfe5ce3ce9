using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    [TestClass]
    public static class AcceptanceCleanup
    {
        [AssemblyCleanup]
        public static void RemovePackedPackage() => PackedPackage.Cleanup();
    }
}
