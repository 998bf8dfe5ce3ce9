using System.IO;
using System.Linq;
using CoverWeaver.MSBuild;
using CoverWeaver.Persistence;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.TestRun
{
    /// <summary>
    /// Which test projects a dotnet test command waits for before its summary and threshold, read
    /// from the solution and what restore wrote; and the settings file that tells a test host where
    /// to keep its counters.
    /// </summary>
    [TestClass]
    public sealed class ExpectedPartsTests
    {
        [TestMethod]
        public void TheSolutionsWovenTestProjectsAreExpectedForEachOfTheirFrameworks()
        {
            using var temp = new TempDirectory();
            var tests = Project(temp, "App.Tests", new[] { "net8.0", "net10.0" }, "Microsoft.NET.Test.Sdk/18.11.0", "CoverWeaver.Fody/0.1.0-dev.1");
            Project(temp, "Other.Tests", new[] { "net10.0" }, "xunit/2.9.3", "Microsoft.NET.Test.Sdk/18.11.0", "CoverWeaver.Fody/0.1.0-dev.1");
            Project(temp, "Unwoven.Tests", new[] { "net10.0" }, "Microsoft.NET.Test.Sdk/18.11.0");
            Project(temp, "App", new[] { "net10.0" }, "CoverWeaver.Fody/0.1.0-dev.1");
            File.WriteAllText(temp.Combine("All.sln"), string.Join("\n",
                "Microsoft Visual Studio Solution File, Format Version 12.00",
                Entry("App.Tests"), Entry("Other.Tests"), Entry("Unwoven.Tests"), Entry("App")));

            var expected = ExpectedParts.Of(temp.Combine("All.sln"), tests);

            CollectionAssert.AreEqual(new[] { "App.Tests-net10.0", "App.Tests-net8.0", "Other.Tests-net10.0" }, expected.ToArray(),
                "test projects reaching the package, per framework; not the library, nor a test project of unwoven code");
        }

        [TestMethod]
        public void AnSlnxSolutionIsReadToo()
        {
            using var temp = new TempDirectory();
            var tests = Project(temp, "A.Tests", new[] { "net10.0" }, "MSTest.Sdk/4.0.0", "CoverWeaver.Fody/0.1.0-dev.1");
            Project(temp, "B.Tests", new[] { "net10.0" }, "Microsoft.Testing.Platform.MSBuild/2.0.0", "CoverWeaver.Fody/0.1.0-dev.1");
            File.WriteAllText(temp.Combine("All.slnx"), "<Solution>\n  <Project Path=\"A.Tests/A.Tests.csproj\" />\n  <Project Path=\"B.Tests/B.Tests.csproj\" />\n</Solution>\n");

            CollectionAssert.AreEqual(new[] { "A.Tests-net10.0", "B.Tests-net10.0" }, ExpectedParts.Of(temp.Combine("All.slnx"), tests).ToArray());
        }

        [TestMethod]
        public void WithoutASolutionTheProjectAloneIsExpected()
        {
            using var temp = new TempDirectory();
            var tests = Project(temp, "Solo.Tests", new[] { "net8.0", "net10.0" }, "Microsoft.NET.Test.Sdk/18.11.0", "CoverWeaver.Fody/0.1.0-dev.1");

            CollectionAssert.AreEqual(new[] { "Solo.Tests-net10.0", "Solo.Tests-net8.0" }, ExpectedParts.Of("", tests).ToArray());
        }

        [TestMethod]
        public void ASettingsFileBesideTheApplicationNamesTheCounterDirectory()
        {
            using var temp = new TempDirectory();
            File.WriteAllText(temp.Combine(SettingsFile.FileName), "# written by the build\ndata=counters/here\n");

            Assert.AreEqual(Path.GetFullPath(temp.Combine("counters/here")), PersistenceSettings.FromSettingsFile(temp.Path));
        }

        [TestMethod]
        public void NoSettingsFileOrOneNamingNothingKeepsCountersInMemory()
        {
            using var temp = new TempDirectory();
            Assert.IsNull(PersistenceSettings.FromSettingsFile(temp.Path));

            File.WriteAllText(temp.Combine(SettingsFile.FileName), "nothing useful\n");
            Assert.IsNull(PersistenceSettings.FromSettingsFile(temp.Path));
        }

        private static string Entry(string name) =>
            $"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{name}\", \"{name}\\{name}.csproj\", \"{{00000000-0000-0000-0000-000000000000}}\"\nEndProject";

        /// <summary>A project file and the restore output that lists its frameworks and libraries.</summary>
        private static string Project(TempDirectory temp, string name, string[] frameworks, params string[] libraries)
        {
            var dir = Directory.CreateDirectory(temp.Combine(name)).FullName;
            var path = Path.Combine(dir, name + ".csproj");
            File.WriteAllText(path, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            Directory.CreateDirectory(Path.Combine(dir, "obj"));
            var libs = string.Join(",", libraries.Select(l => $"\"{l}\": {{}}"));
            var fws = string.Join(",", frameworks.Select(f => $"\"{f}\": {{}}"));
            File.WriteAllText(Path.Combine(dir, "obj", "project.assets.json"), $"{{\"version\": 3, \"libraries\": {{{libs}}}, \"project\": {{\"frameworks\": {{{fws}}}}}}}");
            return path;
        }
    }
}
