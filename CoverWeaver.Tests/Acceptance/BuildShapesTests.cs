using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// The ways projects are built, each through the package with -p:CoverWeave=true: the woven
    /// library (Fixtures/BuildShapes/Lib) still counts exactly what its "// hits N" comments say
    /// when a test-like consumer that sees its internals (Fixtures/BuildShapes/App) runs it.
    /// </summary>
    [TestClass]
    public sealed class BuildShapesTests
    {
        private const string LibXml = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFrameworks>$FRAMEWORKS</TargetFrameworks>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""CoverWeaver.Fody"" Version=""$VERSION"" />
    <InternalsVisibleTo Include=""Shapes.Tests"" />
  </ItemGroup>
</Project>
";

        private const string ProbeTable = "CoverWeaver.ProbeTable";

        [TestMethod]
        public void AConsumerSeeingTheInternalsOfAWovenLibraryCountsItsLinesExactly()
        {
            var package = PackedPackage.Instance;
            var project = Create(package, "ShapesInternals");
            package.Build(project.App, "-p:CoverWeave=true");

            AssertCountsExactly(project, project.Run(project.AppOutput("Debug", "net10.0")));
        }

        [TestMethod]
        public void AMultiTargetedLibraryIsWovenForEveryFrameworkAndCountsOnEachRuntime()
        {
            var package = PackedPackage.Instance;
            var frameworks = new[] { "netstandard2.0", "net8.0", "net10.0" };
            var project = Create(package, "ShapesMultiTarget", string.Join(";", frameworks), appFrameworks: "net8.0;net10.0");
            package.Build(project.Lib, "-p:CoverWeave=true");
            foreach (var framework in frameworks)
            {
                Assert.IsTrue(HasProbeTable(Path.Combine(project.Lib, "bin", "Debug", framework, "Shapes.dll")), framework + " is woven");
            }

            package.Build(project.App, "-p:CoverWeave=true");
            AssertCountsExactly(project, project.Run(project.AppOutput("Debug", "net10.0")));

            // Only the .NET 10 runtime may be installed; the net8.0 build then runs on it.
            var rollForward = new Dictionary<string, string> { ["DOTNET_ROLL_FORWARD"] = "Major" };
            AssertCountsExactly(project, project.Run(project.AppOutput("Debug", "net8.0"), rollForward));
        }

        [TestMethod]
        public void AReferenceAssemblyHasNoProbesWhileTheImplementationHas()
        {
            var package = PackedPackage.Instance;
            var project = Create(package, "ShapesRefAssembly");
            package.Build(project.App, "-p:CoverWeave=true", "-p:ProduceReferenceAssembly=true");

            var reference = Path.Combine(project.Lib, "obj", "Debug", "net10.0", "ref", "Shapes.dll");
            Assert.IsTrue(File.Exists(reference), "the build made a reference assembly");
            Assert.IsFalse(HasProbeTable(reference), "the reference assembly carries no probes");
            Assert.IsTrue(HasProbeTable(Path.Combine(project.Lib, "bin", "Debug", "net10.0", "Shapes.dll")));
            AssertCountsExactly(project, project.Run(project.AppOutput("Debug", "net10.0")));
        }

        [TestMethod]
        public void ADeterministicCiBuildCountsAndAnnotatesTheRealSourceFile()
        {
            var package = PackedPackage.Instance;
            var project = Create(package, "ShapesCi");

            // CI checks out a git repository; its root is the source root that becomes /_/.
            Git(project.Root, "init", "-q");
            Git(project.Root, "-c", "user.name=CI", "-c", "user.email=ci@example.invalid", "commit", "-q", "--allow-empty", "-m", "checkout");
            package.Build(project.App, "-p:CoverWeave=true", "-p:ContinuousIntegrationBuild=true");

            var library = Path.Combine(project.Lib, "bin", "Debug", "net10.0", "Shapes.dll");
            CollectionAssert.Contains(PdbDocuments(library), "/_/Lib/Tally.cs", "the PDB names the mapped path, as CI builds do");
            var annotated = Path.Combine(project.Root, "Shapes.Tally.COVER.out");
            var output = project.Run(project.AppOutput("Debug", "net10.0"), null, annotated);
            AssertCountsExactly(project, output);

            var file = LanguageProject.Rows(output, "line").Select(r => r[3]).Distinct().Single();
            Assert.AreEqual(Path.Combine(project.Lib, "Tally.cs"), file, "rows name the real file");
            var text = File.ReadAllText(annotated);
            StringAssert.Contains(text, "     3..|                  total += i; // hits 3");
            StringAssert.Contains(text, "     0..|              return \"never called\"; // hits 0");
        }

        [TestMethod]
        public void AFrameworkDependentPublishStillCounts()
        {
            var package = PackedPackage.Instance;
            var project = Create(package, "ShapesPublish");
            var published = Path.Combine(project.Root, "published");
            package.Command(project.App, "publish", "-c", "Release", "-p:CoverWeave=true", "-o", published);

            Assert.IsTrue(HasProbeTable(Path.Combine(published, "Shapes.dll")));
            AssertCountsExactly(project, project.Run(Path.Combine(published, "Shapes.Tests.dll")));
        }

        [TestMethod]
        public void AReadyToRunPublishStillCounts()
        {
            var package = PackedPackage.Instance;
            var project = Create(package, "ShapesReadyToRun");
            var published = Path.Combine(project.Root, "published");
            package.Command(project.App, "publish", "-c", "Release", "-p:CoverWeave=true", "-p:PublishReadyToRun=true", "-r", "linux-x64",
                "--self-contained", "false", "-o", published);

            var library = Path.Combine(published, "Shapes.dll");
            Assert.IsTrue(IsReadyToRun(library), "the library was compiled ahead of time");
            Assert.IsTrue(HasProbeTable(library));
            AssertCountsExactly(project, project.Run(Path.Combine(published, "Shapes.Tests.dll")));
        }

        private static LanguageProject Create(PackedPackage package, string name, string frameworks = "net10.0", string appFrameworks = "net10.0")
        {
            return LanguageProject.Create(package, name, "BuildShapes", "Shapes.csproj", LibXml.Replace("$FRAMEWORKS", frameworks), "Shapes.Tests", appFrameworks);
        }

        private static void AssertCountsExactly(LanguageProject project, string output)
        {
            StringAssert.Contains(output, "{Shapes.Tally,{5,1}}");
            CollectionAssert.AreEqual(project.ExpectedLineCounts("*.cs"), LanguageProject.LineCounts(output), output);
        }

        private static void Git(string directory, params string[] args)
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, $"git {string.Join(" ", args)}: {output.Result}{errors}");
        }

        private static bool HasProbeTable(string assembly)
        {
            using var module = Mono.Cecil.ModuleDefinition.ReadModule(assembly);
            return module.Resources.Any(r => r.Name == ProbeTable);
        }

        private static bool IsReadyToRun(string assembly)
        {
            using var pe = new PEReader(File.OpenRead(assembly));
            return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
        }

        private static List<string> PdbDocuments(string assembly)
        {
            using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(Path.ChangeExtension(assembly, ".pdb")));
            var pdb = provider.GetMetadataReader();
            return pdb.Documents.Select(d => pdb.GetString(pdb.GetDocument(d).Name)).ToList();
        }
    }
}
