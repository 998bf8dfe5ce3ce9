using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Tests.Support;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>The channel sample as a user's own project: its sources, the package, a FodyWeavers.xml.</summary>
    internal static class ChannelProject
    {
        public const string ProjectXml = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""CoverWeaver.Fody"" Version=""$VERSION"" />
  </ItemGroup>
</Project>
";

        public static string SampleFolder => RepoPaths.Combine("samples", "Channel");

        public static IEnumerable<string> Sources =>
            Directory.GetFiles(SampleFolder, "*.cs").Concat(new[] { Path.Combine(SampleFolder, "FodyWeavers.xml") });

        public static string Create(PackedPackage package, string name) => package.NewProject(name, ProjectXml, Sources);

        /// <summary>The program's output split into its "> ..." sections.</summary>
        public static Dictionary<string, List<string>> Sections(string output)
        {
            var sections = new Dictionary<string, List<string>>();
            List<string>? current = null;
            foreach (var line in output.Replace("\r\n", "\n").Split('\n'))
            {
                if (line.StartsWith("> ", System.StringComparison.Ordinal))
                {
                    current = new List<string>();
                    sections[line.Substring(2)] = current;
                }
                else if (current != null && line.Length > 0)
                {
                    current.Add(line);
                }
            }

            return sections;
        }
    }
}
