using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// What the user excluded gets no probes: [ExcludeFromCodeCoverage] on a type or a method,
    /// and the ExcludeTypes / ExcludeNamespaces patterns of the fixture's FodyWeavers.xml.
    /// </summary>
    [TestClass]
    public sealed class ExclusionTests
    {
        [TestMethod]
        public void TypeWithExcludeAttributeIsNotCompiled()
        {
            Assert.IsFalse(Cover.IsCompiled("Fixtures.Woven.Hidden"));
            Assert.DoesNotContain("Fixtures.Woven.Hidden", Cover.Modules());
        }

        [TestMethod]
        public void MethodWithExcludeAttributeIsLeftOutOfItsModule()
        {
            var functions = Cover.Analyse("Fixtures.Woven.PartlyHidden", Analysis.Coverage, Level.Function).Select(r => r.Function).ToList();

            Assert.Contains("Keep", functions);
            Assert.DoesNotContain("Skip", functions);
        }

        [TestMethod]
        public void NestedTypeMatchingExcludeTypesIsNotCompiled()
        {
            Assert.IsFalse(Cover.IsCompiled("Fixtures.Woven.Holder+NotWoven"));
        }

        [TestMethod]
        public void TypeInNamespaceMatchingExcludeNamespacesIsNotCompiled()
        {
            Assert.IsFalse(Cover.IsCompiled("Fixtures.Woven.Skipped.ByNamespace"));
            Assert.IsFalse(Cover.Modules().Any(m => m.StartsWith("Fixtures.Woven.Skipped", System.StringComparison.Ordinal)), string.Join(", ", Cover.Modules()));
        }

        [TestMethod]
        public void ExclusionsDoNotHideTheRestOfTheAssembly()
        {
            // Without this, every test above would pass against an assembly that was not woven at all.
            Assert.IsTrue(Cover.IsCompiled("Fixtures.Woven.PartlyHidden"));
            Assert.IsTrue(Cover.IsCompiled("Fixtures.Woven.Excluded"));
        }
    }
}
