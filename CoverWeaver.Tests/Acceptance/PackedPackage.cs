using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Tests.Support;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// The package as a user gets it: packed from this repository with the README's command into
    /// a local folder, then restored from that folder into projects made outside the repository,
    /// with a package cache of their own so no earlier pack can be picked up instead.
    /// </summary>
    internal sealed class PackedPackage : IDisposable
    {
        private static readonly object Gate = new object();
        private static PackedPackage? _instance;

        private PackedPackage()
        {
            Root = Path.Combine(Path.GetTempPath(), "coverweaver-acceptance-" + Guid.NewGuid().ToString("N"));
            Feed = Path.Combine(Root, "feed");
            Directory.CreateDirectory(Feed);
            PackOutput = DotNet.Succeed(RepoPaths.Root, null, "pack", "nuget", "-c", "Release", "-o", Feed);
            Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };
        }

        /// <summary>A net10.0 library that references the package (write it with <see cref="WriteProject"/>).</summary>
        public const string LibraryXml = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""CoverWeaver.Fody"" Version=""$VERSION"" />
  </ItemGroup>
</Project>
";

        public string Root { get; }

        public string Feed { get; }

        public string PackOutput { get; }

        public IReadOnlyDictionary<string, string> Environment { get; }

        /// <summary>Packs once per test run; every acceptance test uses the same package.</summary>
        public static PackedPackage Instance
        {
            get
            {
                lock (Gate)
                {
                    return _instance ??= new PackedPackage();
                }
            }
        }

        public string Version => Path.GetFileNameWithoutExtension(Package("CoverWeaver.Fody")).Substring("CoverWeaver.Fody.".Length);

        public string[] Packages() => Directory.GetFiles(Feed, "*.nupkg");

        /// <summary>The one package of an id in the feed (the pack makes CoverWeaver.Fody and CoverWeaver.Tool).</summary>
        public string Package(string id) =>
            Packages().Single(p => Path.GetFileName(p).StartsWith(id + ".", StringComparison.Ordinal) && char.IsDigit(Path.GetFileName(p)[id.Length + 1]));

        /// <summary>A new project folder outside the repository, restoring from the local feed and the public registry.</summary>
        public string NewProject(string name, string projectXml, IEnumerable<string> sources)
        {
            var dir = NewFolder(name);
            foreach (var source in sources)
            {
                File.Copy(source, Path.Combine(dir, Path.GetFileName(source)));
            }

            WriteProject(Path.Combine(dir, name + ".csproj"), projectXml);
            return dir;
        }

        /// <summary>Writes a project file, putting the packed version where it says $VERSION.</summary>
        public void WriteProject(string path, string projectXml)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, projectXml.Replace("$VERSION", Version));
        }

        /// <summary>A new folder outside the repository whose projects restore from the local feed and the public registry.</summary>
        public string NewFolder(string name)
        {
            var dir = Path.Combine(Root, name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""local"" value=""{Feed}"" />
    <add key=""nuget.org"" value=""https://api.nuget.org/v3/index.json"" />
  </packageSources>
</configuration>
");
            return dir;
        }

        /// <summary>
        /// A new folder holding samples/Inventory's sources of <paramref name="projects"/> (the code
        /// and FodyWeavers.xml, no project files) and its library's project referencing the package;
        /// the caller writes the test projects' files in the form it tests.
        /// </summary>
        public string NewInventory(string name, params string[] projects)
        {
            var sample = Path.Combine(RepoPaths.Root, "samples", "Inventory");
            var dir = NewFolder(name);
            foreach (var project in projects.Prepend("Inventory"))
            {
                var target = Directory.CreateDirectory(Path.Combine(dir, project)).FullName;
                foreach (var file in Directory.GetFiles(Path.Combine(sample, project)).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".xml", StringComparison.Ordinal)))
                {
                    File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                }
            }

            WriteProject(Path.Combine(dir, "Inventory", "Inventory.csproj"), LibraryXml);
            return dir;
        }

        public string Build(string projectDir, params string[] extra) => Command(projectDir, "build", extra);

        /// <summary>Any dotnet command (build, publish) with the package's isolated cache.</summary>
        public string Command(string projectDir, string command, params string[] extra)
        {
            return DotNet.Succeed(projectDir, new Dictionary<string, string>(Environment), new[] { command }.Concat(extra).ToArray());
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        /// <summary>Removes the packed package's folders when the test run ends.</summary>
        public static void Cleanup()
        {
            lock (Gate)
            {
                _instance?.Dispose();
                _instance = null;
            }
        }
    }
}
