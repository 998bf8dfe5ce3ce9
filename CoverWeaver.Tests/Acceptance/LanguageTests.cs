using System;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// F# and Visual Basic libraries woven through the package: every executable line counts
    /// exactly what the "hits N" comments in their sources say (no more lines, no fewer), and
    /// closures, task and seq builders, lambdas, async and iterator state machines are counted in
    /// the user function that holds them, never as functions or modules of their own.
    /// </summary>
    [TestClass]
    public sealed class LanguageTests
    {
        private const string FSharpLibXml = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include=""Shapes.fs"" />
  </ItemGroup>
  <ItemGroup>
    <PackageReference Include=""CoverWeaver.Fody"" Version=""$VERSION"" />
  </ItemGroup>
</Project>
";

        private const string VisualBasicLibXml = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <RootNamespace>Demo</RootNamespace>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""CoverWeaver.Fody"" Version=""$VERSION"" />
  </ItemGroup>
</Project>
";

        private static readonly Regex FSharpFunction = new Regex(@"^    let (\w+)");
        private static readonly Regex VisualBasicFunction = new Regex(@"^    Public Shared (?:Async |Iterator )?Function (\w+)");

        [TestMethod]
        public void FSharpLinesCountExactlyInTheirFunctions()
        {
            var package = PackedPackage.Instance;
            var project = LanguageProject.Create(package, "FSharpShapes", "FSharp", "FSharpLib.fsproj", FSharpLibXml);
            var output = project.BuildAndRun(package);

            CollectionAssert.AreEqual(project.ExpectedLineCounts("*.fs"), LanguageProject.LineCounts(output), output);
            AssertAttribution(project, output, "Shapes.fs", FSharpFunction, "Demo.Shapes",
                "area/1 3", "classify/1 3", "makeAdder/1 1", "scaleAll/2 1", "sumAsync/2 1", "evens/1 1");
        }

        [TestMethod]
        public void VisualBasicLinesCountExactlyInTheirFunctions()
        {
            var package = PackedPackage.Instance;
            var project = LanguageProject.Create(package, "VisualBasicGrades", "VisualBasic", "VbLib.vbproj", VisualBasicLibXml);
            var output = project.BuildAndRun(package);

            CollectionAssert.AreEqual(project.ExpectedLineCounts("*.vb"), LanguageProject.LineCounts(output), output);
            AssertAttribution(project, output, "Grades.vb", VisualBasicFunction, "Demo.Grades",
                "Letter/1 3", "Describe/1 3", "Scale/2 1", "SumAsync/2 1", "Evens/1 1");
        }

        /// <summary>
        /// One module, holding exactly the user's functions with their call counts, and each line
        /// in the function that declares it in source (closures and state machines included).
        /// </summary>
        private static void AssertAttribution(LanguageProject project, string output, string file, Regex declaration, string module, params string[] functions)
        {
            var modules = LanguageProject.Rows(output, "module").Select(r => r[0]).ToArray();
            CollectionAssert.AreEqual(new[] { module }, modules, "no generated type is a module: " + string.Join(", ", modules));

            var functionRows = LanguageProject.Rows(output, "function").Select(r => $"{r[1]}/{r[2]} {r[3]}").ToArray();
            CollectionAssert.AreEqual(functions, functionRows, output);

            var owners = project.FunctionsInSource(file, l => declaration.Match(l) is { Success: true } m ? m.Groups[1].Value : null);
            var misplaced = LanguageProject.Rows(output, "line")
                .Where(r => !owners.TryGetValue(int.Parse(r[4]), out var owner) || owner != r[1])
                .Select(r => $"line {r[4]} counted in {r[1]}")
                .ToList();
            Assert.IsEmpty(misplaced, string.Join("; ", misplaced));
        }
    }
}
