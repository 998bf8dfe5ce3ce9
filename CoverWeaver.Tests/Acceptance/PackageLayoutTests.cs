using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>What `dotnet pack nuget` gives: one package holding the weaver, the runtime, the build files and Fody.</summary>
    [TestClass]
    public sealed class PackageLayoutTests
    {
        [TestMethod]
        public void PackingGivesOnePackageWithWeaverRuntimeBuildFilesAndFody()
        {
            var package = PackedPackage.Instance;
            var packages = package.Packages().Select(Path.GetFileName).ToList();
            Assert.HasCount(2, packages, "the weaver package and the tool package come out: " + string.Join(", ", packages));
            var weaver = package.Package("CoverWeaver.Fody");

            using var zip = ZipFile.OpenRead(weaver);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            CollectionAssert.Contains(entries, "weaver/CoverWeaver.Fody.dll");
            CollectionAssert.Contains(entries, "lib/netstandard2.0/CoverWeaver.dll");
            // buildTransitive: the targets reach the test projects that reference a woven project too
            // (NuGet then ignores build/, so nothing may be left there).
            CollectionAssert.Contains(entries, "buildTransitive/CoverWeaver.Fody.props");
            CollectionAssert.Contains(entries, "buildTransitive/CoverWeaver.Fody.targets");
            CollectionAssert.Contains(entries, "buildTransitive/CoverWeaver.TestRun.targets");
            CollectionAssert.Contains(entries, "buildTransitive/CoverWeaver.TestRun.VSTest.targets");
            Assert.IsFalse(entries.Any(e => e.StartsWith("build/", System.StringComparison.Ordinal)), "nothing in build/");
            CollectionAssert.Contains(entries, "tasks/net8.0/CoverWeaver.MSBuild.dll");
            CollectionAssert.Contains(entries, "tasks/net8.0/CoverWeaver.dll");
            Assert.IsFalse(entries.Any(e => e.StartsWith("lib/", System.StringComparison.Ordinal) && e.EndsWith("CoverWeaver.Fody.dll", System.StringComparison.Ordinal)),
                "the weaver is not something users compile against");

            using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal)).Open();
            var ns = XNamespace.Get("http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd");
            var dependencies = XDocument.Load(nuspec).Descendants(ns + "dependency").ToList();
            var fody = dependencies.Single(d => (string?)d.Attribute("id") == "Fody");
            Assert.AreEqual("6.9.3", (string?)fody.Attribute("version"));
            Assert.AreNotEqual("Build,Analyzers", (string?)fody.Attribute("exclude"), "Fody's build targets must reach users");
            Assert.AreEqual(1, dependencies.Count, "the runtime has no dependencies of its own");
        }

        [TestMethod]
        public void TheSamePackGivesTheToolPackageOfTheSameVersionWithTheRuntimeBesideIt()
        {
            var package = PackedPackage.Instance;
            var tool = package.Package("CoverWeaver.Tool");
            Assert.AreEqual("CoverWeaver.Tool." + package.Version + ".nupkg", Path.GetFileName(tool), "one version for both");

            using var zip = ZipFile.OpenRead(tool);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            foreach (var file in new[] { "CoverWeaver.Tool.dll", "CoverWeaver.dll", "CoverWeaver.Reports.dll", "CoverWeaver.Fody.dll", "Mono.Cecil.dll", "System.CommandLine.dll", "DotnetToolSettings.xml" })
            {
                CollectionAssert.Contains(entries, "tools/net8.0/any/" + file, "the tool runs, and has the runtime to put beside woven binaries");
            }

            using var settings = zip.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", System.StringComparison.Ordinal)).Open();
            Assert.AreEqual("coverweaver", (string?)XDocument.Load(settings).Descendants("Command").Single().Attribute("Name"));
        }

        [TestMethod]
        public void TheToolInstallsFromThePackAndWritesEveryReport()
        {
            var package = PackedPackage.Instance;
            using var temp = new Support.TempDirectory();
            var tools = temp.Combine("tools");
            package.Command(temp.Path, "tool", "install", "--tool-path", tools, "--add-source", package.Feed, "--version", package.Version, "CoverWeaver.Tool");
            var export = temp.Combine("data.coverweaver");
            Cover.Export(export, Support.WovenModules.ConcurrencyName);

            // The installed command itself, as a user types it.
            var start = new System.Diagnostics.ProcessStartInfo(System.IO.Path.Combine(tools, "coverweaver")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "report", export, "--format", "cobertura,lcov,json,html", "--output", temp.Combine("reports") })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var run = (ExitCode: 0, Output: process.StandardOutput.ReadToEnd());
            process.WaitForExit();
            run.ExitCode = process.ExitCode;
            run.Output += error.Result;

            Assert.AreEqual(0, run.ExitCode, run.Output);
            foreach (var file in new[] { "coverage.cobertura.xml", "coverage.info", "coverage.json", "html/index.html" })
            {
                Assert.IsTrue(File.Exists(System.IO.Path.Combine(temp.Combine("reports"), file)), file + "\n" + run.Output);
            }

        }

        [TestMethod]
        public void TheAspNetCorePackageCarriesOnlyItsLibraryAndDependsOnTheWeaverPackage()
        {
            using var feed = new Support.TempDirectory();
            Support.DotNet.Succeed(Support.RepoPaths.Root, null, "pack", "CoverWeaver.AspNetCore", "-c", "Release", "-o", feed.Path);
            var package = Directory.GetFiles(feed.Path, "*.nupkg").Single();
            StringAssert.StartsWith(Path.GetFileName(package), "CoverWeaver.AspNetCore.");

            using var zip = ZipFile.OpenRead(package);
            var libraries = zip.Entries.Select(e => e.FullName).Where(e => e.EndsWith(".dll", System.StringComparison.Ordinal)).ToList();
            CollectionAssert.AreEqual(new[] { "lib/net8.0/CoverWeaver.AspNetCore.dll" }, libraries, "the runtime comes from CoverWeaver.Fody, not a second copy");
            using var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal)).Open();
            var ns = XNamespace.Get("http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd");
            var document = XDocument.Load(nuspec);
            var dependency = document.Descendants(ns + "dependency").Single();
            Assert.AreEqual("CoverWeaver.Fody", (string?)dependency.Attribute("id"));
            Assert.AreEqual((string?)document.Descendants(ns + "version").Single(), (string?)dependency.Attribute("version"), "the same version as itself");
            Assert.AreEqual("Microsoft.AspNetCore.App", (string?)document.Descendants(ns + "frameworkReference").Single().Attribute("name"));
        }
    }
}
