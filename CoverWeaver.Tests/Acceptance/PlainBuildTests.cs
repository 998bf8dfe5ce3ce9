using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// What ships from a build without -p:CoverWeave=true, through the package: exactly what the
    /// project builds without CoverWeaver (no probes, no reference to the runtime, no CoverWeaver.dll
    /// in the output or in .deps.json), and it runs; a woven build of the same projects has them.
    /// Code that calls the Cover API itself keeps the runtime in a plain build too (the switch
    /// tests build such a program both ways).
    /// </summary>
    [TestClass]
    public sealed class PlainBuildTests
    {
        private const string AppXml = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include=""../Lib/Lib.csproj"" />
  </ItemGroup>
</Project>
";

        [TestMethod]
        public void APlainBuildShipsNeitherProbesNorTheRuntimeAndAWovenOneHasBoth()
        {
            var package = PackedPackage.Instance;
            var dir = package.NewFolder("PlainShip");
            package.WriteProject(Path.Combine(dir, "Lib", "Lib.csproj"), PackedPackage.LibraryXml);
            File.WriteAllText(Path.Combine(dir, "Lib", "FodyWeavers.xml"), "<Weavers><CoverWeaver /></Weavers>");
            File.WriteAllText(Path.Combine(dir, "Lib", "Greeter.cs"), "namespace Lib { public static class Greeter { public static string Hello(string name) { return \"hello \" + name; } } }");
            package.WriteProject(Path.Combine(dir, "App", "App.csproj"), AppXml);
            File.WriteAllText(Path.Combine(dir, "App", "Program.cs"), "System.Console.WriteLine(Lib.Greeter.Hello(\"plain\"));");
            var output = Path.Combine(dir, "App", "bin", "Debug", "net10.0");

            package.Build(Path.Combine(dir, "App"));
            Assert.IsFalse(File.Exists(Path.Combine(output, "CoverWeaver.dll")), "no runtime in a plain build's output");
            Assert.IsFalse(File.ReadAllText(Path.Combine(output, "App.deps.json")).Contains("CoverWeaver.dll", StringComparison.Ordinal), "nor in its .deps.json");
            var (references, woven) = Inspect(Path.Combine(output, "Lib.dll"));
            Assert.IsFalse(references.Contains("CoverWeaver"), "the library does not reference the runtime: " + string.Join(", ", references));
            Assert.IsFalse(woven, "no probe table");
            StringAssert.Contains(package.Command(Path.Combine(dir, "App"), "run", "--no-build"), "hello plain");

            package.Build(Path.Combine(dir, "App"), "-p:CoverWeave=true");
            Assert.IsTrue(File.Exists(Path.Combine(output, "CoverWeaver.dll")), "a woven build carries the runtime");
            (references, woven) = Inspect(Path.Combine(output, "Lib.dll"));
            Assert.IsTrue(references.Contains("CoverWeaver") && woven, "a woven build references the runtime and holds probes");
            StringAssert.Contains(package.Command(Path.Combine(dir, "App"), "run", "--no-build"), "hello plain");

            // And back, incrementally: nothing of the woven build is left behind.
            package.Build(Path.Combine(dir, "App"));
            Assert.IsFalse(File.Exists(Path.Combine(output, "CoverWeaver.dll")), "the runtime is gone again");
            Assert.IsFalse(File.ReadAllText(Path.Combine(output, "App.deps.json")).Contains("CoverWeaver.dll", StringComparison.Ordinal));
            Assert.IsFalse(Inspect(Path.Combine(output, "Lib.dll")).Woven);
            StringAssert.Contains(package.Command(Path.Combine(dir, "App"), "run", "--no-build"), "hello plain");
        }

        private static (string[] References, bool Woven) Inspect(string path)
        {
            using var pe = new PEReader(File.OpenRead(path));
            var metadata = pe.GetMetadataReader();
            var references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToArray();
            var woven = metadata.ManifestResources.Any(h => metadata.GetString(metadata.GetManifestResource(h).Name) == "CoverWeaver.ProbeTable");
            return (references, woven);
        }
    }
}
