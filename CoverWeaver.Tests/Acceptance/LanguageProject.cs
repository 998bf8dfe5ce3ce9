using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CoverWeaver.Tests.Support;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// A library (Fixtures/&lt;Fixture&gt;/Lib, in any .NET language) consumed by a C# console app
    /// (Fixtures/&lt;Fixture&gt;/App, with Fixtures/Languages/Rows.cs), both referencing the
    /// package, built woven, run, and its printed rows read back.
    /// </summary>
    internal sealed class LanguageProject
    {
        /// <summary>The app's project; $APPFRAMEWORKS are its target frameworks (one, as most projects have, unless told).</summary>
        private const string AppXml = @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <$FRAMEWORKELEMENT>$APPFRAMEWORKS</$FRAMEWORKELEMENT>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""CoverWeaver.Fody"" Version=""$VERSION"" />
    <ProjectReference Include=""../Lib/$LIBPROJECT"" />
  </ItemGroup>
</Project>
";

        private LanguageProject(string root, string appName)
        {
            Root = root;
            AppName = appName;
        }

        public string Root { get; }

        /// <summary>The app's project and assembly name.</summary>
        public string AppName { get; }

        public string Lib => Path.Combine(Root, "Lib");

        public string App => Path.Combine(Root, "App");

        /// <summary>Copies the fixture out of the repository and writes its two projects.</summary>
        public static LanguageProject Create(PackedPackage package, string name, string fixture, string libProjectFile, string libProjectXml,
            string appName = "App", string appFrameworks = "net10.0")
        {
            var project = new LanguageProject(package.NewFolder(name), appName);
            var source = RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", fixture);
            foreach (var (from, to) in new[] { ("Lib", project.Lib), ("App", project.App) })
            {
                Directory.CreateDirectory(to);
                foreach (var file in Directory.GetFiles(Path.Combine(source, from)))
                {
                    File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
                }

                File.Copy(Path.Combine(source, "FodyWeavers.xml"), Path.Combine(to, "FodyWeavers.xml"));
            }

            File.Copy(RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", "Languages", "Rows.cs"), Path.Combine(project.App, "Rows.cs"));
            package.WriteProject(Path.Combine(project.Lib, libProjectFile), libProjectXml);
            package.WriteProject(Path.Combine(project.App, appName + ".csproj"),
                AppXml.Replace("$LIBPROJECT", libProjectFile).Replace("$APPFRAMEWORKS", appFrameworks)
                    .Replace("$FRAMEWORKELEMENT", appFrameworks.Contains(';') ? "TargetFrameworks" : "TargetFramework"));
            return project;
        }

        /// <summary>Builds woven and runs the app; its output.</summary>
        public string BuildAndRun(PackedPackage package)
        {
            package.Build(App, "-p:CoverWeave=true");
            return Run(AppOutput("Debug", "net10.0"));
        }

        /// <summary>The app's assembly in its build output.</summary>
        public string AppOutput(string configuration, string framework) => Path.Combine(App, "bin", configuration, framework, AppName + ".dll");

        /// <summary>Runs a built or published app assembly with dotnet, with optional environment and arguments.</summary>
        public string Run(string assembly, IDictionary<string, string>? environment = null, params string[] args)
        {
            return DotNet.Succeed(App, environment, new[] { assembly }.Concat(args).ToArray());
        }

        /// <summary>The rows of one kind ("module", "line", "function") that Rows.Print wrote, split into fields.</summary>
        public static List<string[]> Rows(string output, string kind)
        {
            return output.Replace("\r\n", "\n").Split('\n')
                .Where(l => l.StartsWith(kind + "|", StringComparison.Ordinal))
                .Select(l => l.Split('|').Skip(1).ToArray())
                .ToList();
        }

        /// <summary>Line rows as "file:line calls", in order, to compare with the marked expectations.</summary>
        public static string[] LineCounts(string output) =>
            Rows(output, "line").Select(r => $"{Path.GetFileName(r[3])}:{r[4]} {r[5]}").OrderBy(s => s, StringComparer.Ordinal).ToArray();

        /// <summary>The marked expectations in the same form.</summary>
        public string[] ExpectedLineCounts(string searchPattern) =>
            SourceMarkers.ExpectedHits(Lib, searchPattern).Select(e => $"{Path.GetFileName(e.Key.File)}:{e.Key.Line} {e.Value}").OrderBy(s => s, StringComparer.Ordinal).ToArray();

        /// <summary>
        /// The function each line belongs to in source: the nearest declaration above it that
        /// <paramref name="declaration"/> recognises (a name, or null for other lines).
        /// </summary>
        public Dictionary<int, string> FunctionsInSource(string file, Func<string, string?> declaration)
        {
            var owners = new Dictionary<int, string>();
            string? current = null;
            var lines = File.ReadAllLines(Path.Combine(Lib, file));
            for (var i = 0; i < lines.Length; i++)
            {
                current = declaration(lines[i]) ?? current;
                if (current != null)
                {
                    owners[i + 1] = current;
                }
            }

            return owners;
        }
    }
}
