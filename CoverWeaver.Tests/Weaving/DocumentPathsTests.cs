using System.IO;
using CoverWeaver.Fody.Instrumentation;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>Mapped PDB paths (/_/...) of deterministic builds resolve to the files on this machine.</summary>
    [TestClass]
    public sealed class DocumentPathsTests
    {
        [TestMethod]
        public void AMappedPathIsFoundUnderTheProjectOrItsAncestorsLongestSuffixFirst()
        {
            using var repo = new TempDirectory();
            var app = Source(repo, "src", "App", "Foo.cs");
            var other = Source(repo, "src", "Other", "Foo.cs");
            var paths = new DocumentPaths(Path.GetDirectoryName(app));

            Assert.AreEqual(app, paths.Resolve("/_/src/App/Foo.cs"));
            Assert.AreEqual(other, paths.Resolve("/_/src/Other/Foo.cs"), "a linked file of another folder is not taken for the project's own");
            Assert.AreEqual(app, paths.Resolve("/_/Foo.cs"), "a project that is its own source root");
            Assert.AreEqual(app, paths.Resolve("/_1/App/Foo.cs"), "any mapped prefix");
        }

        [TestMethod]
        public void PathsThatExistOrCannotBeFoundStayAsThePdbSaysAndNoHintChangesNothing()
        {
            using var repo = new TempDirectory();
            var app = Source(repo, "src", "App", "Foo.cs");

            Assert.AreEqual(app, new DocumentPaths(repo.Path).Resolve(app));
            Assert.AreEqual("/_/src/App/Missing.cs", new DocumentPaths(repo.Path).Resolve("/_/src/App/Missing.cs"));
            Assert.AreEqual("/_/src/App/Foo.cs", new DocumentPaths(null).Resolve("/_/src/App/Foo.cs"));
        }

        private static string Source(TempDirectory root, params string[] parts)
        {
            var path = Path.Combine(root.Path, Path.Combine(parts));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "class Foo { }\n");
            return path;
        }
    }
}
