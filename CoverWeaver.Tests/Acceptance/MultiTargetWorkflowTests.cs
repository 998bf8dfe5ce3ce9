using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CoverWeaver.Data;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// A library built for net8.0 and net10.0 whose code differs between them (<c>#if</c>), tested by
    /// a test project of the same two target frameworks through the packed package: one
    /// <c>dotnet test -p:CoverWeave=true</c> gives one report in which the module's lines are both
    /// builds' lines, each line's hits summed over the builds, while the export keeps each build.
    /// </summary>
    [TestClass]
    public sealed class MultiTargetWorkflowTests
    {
        private const string Source = @"namespace Shapes
{
    public static class Area
    {
        public static int Square(int side)
        {
            var area = side * side; // both
#if NET10_0_OR_GREATER
            area += 0; // net10 only
            return area; // net10 return
#else
            return checked(area * 1); // net8 only
#endif
        }

        public static int Rectangle(int width, int height)
        {
            return width * height; // never run
        }
    }
}
";

        [TestMethod]
        public void OneReportCombinesBothBuildsByLineAndTheExportKeepsEach()
        {
            var package = PackedPackage.Instance;
            var dir = package.NewFolder("MultiTarget");
            package.WriteProject(Path.Combine(dir, "Shapes", "Shapes.csproj"), PackedPackage.LibraryXml.Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>"));
            File.WriteAllText(Path.Combine(dir, "Shapes", "Area.cs"), Source);
            File.WriteAllText(Path.Combine(dir, "Shapes", "FodyWeavers.xml"), "<Weavers><CoverWeaver /></Weavers>\n");
            Directory.CreateDirectory(Path.Combine(dir, "Shapes.Tests"));
            // Both frameworks' tests run on the .NET 10 runtime where no .NET 8 runtime is installed.
            File.WriteAllText(Path.Combine(dir, "Shapes.Tests", "Shapes.Tests.csproj"), @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
    <RollForward>Major</RollForward>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Microsoft.NET.Test.Sdk"" Version=""18.11.0"" />
    <PackageReference Include=""MSTest.TestAdapter"" Version=""4.5.2"" />
    <PackageReference Include=""MSTest.TestFramework"" Version=""4.5.2"" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include=""../Shapes/Shapes.csproj"" />
  </ItemGroup>
</Project>
");
            File.WriteAllText(Path.Combine(dir, "Shapes.Tests", "AreaTests.cs"), @"using Microsoft.VisualStudio.TestTools.UnitTesting;

[TestClass]
public sealed class AreaTests
{
    [TestMethod]
    public void ASquareOfThreeIsNine() => Assert.AreEqual(9, Shapes.Area.Square(3));
}
");
            File.WriteAllText(Path.Combine(dir, "Shapes.slnx"), "<Solution>\n  <Project Path=\"Shapes/Shapes.csproj\" />\n  <Project Path=\"Shapes.Tests/Shapes.Tests.csproj\" />\n</Solution>\n");

            var (exit, output) = DotNet.Run(dir, new Dictionary<string, string>(package.Environment), "test", "Shapes.slnx", "-p:CoverWeave=true", "-p:CoverWeaveFormats=\"lcov,json\"");

            Assert.AreEqual(0, exit, output);
            StringAssert.Contains(output, "line coverage of 2 test project run(s)", "one summary for both frameworks' runs");
            var hits = LcovHits(Path.Combine(dir, "TestResults", "coverweaver", "coverage.info"), "Area.cs");
            Assert.AreEqual(2L, hits[Line("// both")], "the line both builds have ran once in each");
            Assert.AreEqual(1L, hits[Line("// net10 only")], "a line of the net10.0 build alone counts");
            Assert.AreEqual(1L, hits[Line("// net10 return")]);
            Assert.AreEqual(1L, hits[Line("// net8 only")], "and so does a line of the net8.0 build alone");
            Assert.AreEqual(0L, hits[Line("// never run")]);
            Assert.AreEqual(5, hits.Count, "Square's four lines and Rectangle's one, each once: " + string.Join(", ", hits));

            var row = SummaryTable.Rows(output)["Shapes.Area (Shapes)"];
            Assert.AreEqual((4, 5), row, "the summary counts the same distinct lines:\n" + output);

            var export = CoverageFile.Decode(File.ReadAllBytes(Path.Combine(dir, "TestResults", "coverweaver", "coverage.coverweaver")), "the export");
            var builds = export.Where(s => s.Module.Name == "Shapes.Area").ToList();
            Assert.HasCount(2, builds, "the export keeps each build of the module");
            Assert.AreNotEqual(builds[0].Module.Fingerprint, builds[1].Module.Fingerprint);
        }

        /// <summary>The 1-based line of the source that holds <paramref name="marker"/>.</summary>
        private static int Line(string marker) =>
            Array.FindIndex(Source.Split('\n'), l => l.Contains(marker, StringComparison.Ordinal)) + 1;

        /// <summary>Line → hits of the LCOV record whose file ends with <paramref name="file"/>.</summary>
        private static Dictionary<int, long> LcovHits(string path, string file)
        {
            var record = File.ReadAllText(path).Split("end_of_record").Single(r => Regex.IsMatch(r, "SF:.*" + Regex.Escape(file) + "\n"));
            return Regex.Matches(record, @"^DA:(\d+),(\d+)$", RegexOptions.Multiline)
                .ToDictionary(m => int.Parse(m.Groups[1].Value), m => long.Parse(m.Groups[2].Value));
        }
    }
}
