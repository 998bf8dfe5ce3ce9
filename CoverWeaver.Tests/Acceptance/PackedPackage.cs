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

        public string Version => Path.GetFileNameWithoutExtension(Packages().Single()).Substring("CoverWeaver.Fody.".Length);

        public string[] Packages() => Directory.GetFiles(Feed, "*.nupkg");

        /// <summary>A new project folder outside the repository, restoring from the local feed and the public registry.</summary>
        public string NewProject(string name, string projectXml, IEnumerable<string> sources)
        {
            var dir = Path.Combine(Root, name);
            Directory.CreateDirectory(dir);
            foreach (var source in sources)
            {
                File.Copy(source, Path.Combine(dir, Path.GetFileName(source)));
            }

            File.WriteAllText(Path.Combine(dir, name + ".csproj"), projectXml.Replace("$VERSION", Version));
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

        public string Build(string projectDir, params string[] extra)
        {
            return DotNet.Succeed(projectDir, new Dictionary<string, string>(Environment), new[] { "build" }.Concat(extra).ToArray());
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
