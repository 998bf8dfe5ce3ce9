using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// Which parts (test project and target framework) one <c>dotnet test</c> command will save,
    /// so that the summary and the threshold are judged once, on the whole run, and not on the
    /// first test project to finish. Read from what restore already wrote before any test ran:
    /// the solution's projects whose <c>project.assets.json</c> shows a test framework and the
    /// CoverWeaver package (the package reaches a test project through the project it tests),
    /// with every target framework each restores for.
    /// </summary>
    internal static class ExpectedParts
    {
        private static readonly string[] TestPlatforms =
        {
            "Microsoft.NET.Test.Sdk/", "Microsoft.Testing.Platform.MSBuild/", "MSTest.Sdk/",
        };

        /// <summary>The part names expected: <c>Project-tfm</c>.</summary>
        /// <param name="solutionPath">The solution the command runs, or empty for one project.</param>
        /// <param name="projectPath">The test project this task runs for: always expected.</param>
        public static SortedSet<string> Of(string? solutionPath, string projectPath)
        {
            var projects = new List<string>();
            if (!string.IsNullOrEmpty(solutionPath) && File.Exists(solutionPath))
            {
                projects.AddRange(ProjectsOf(solutionPath!));
            }

            if (!projects.Any(p => SamePath(p, projectPath)))
            {
                projects.Add(projectPath);
            }

            var parts = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var project in projects)
            {
                foreach (var framework in WovenTestFrameworks(project, always: SamePath(project, projectPath)))
                {
                    parts.Add(PartName(Path.GetFileNameWithoutExtension(project), framework));
                }
            }

            return parts;
        }

        public static string PartName(string project, string framework) => project + "-" + framework;

        /// <summary>The project files a .sln or .slnx lists, as full paths.</summary>
        internal static IEnumerable<string> ProjectsOf(string solutionPath)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(solutionPath))!;
            IEnumerable<string> relative;
            if (solutionPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
            {
                relative = XDocument.Load(solutionPath).Descendants("Project").Select(p => (string?)p.Attribute("Path")).Where(p => p != null)!;
            }
            else
            {
                relative = File.ReadLines(solutionPath)
                    .Select(line => Regex.Match(line, "^Project\\(\"[^\"]*\"\\)\\s*=\\s*\"[^\"]*\",\\s*\"([^\"]+)\""))
                    .Where(m => m.Success)
                    .Select(m => m.Groups[1].Value);
            }

            return relative
                .Select(p => Path.GetFullPath(Path.Combine(directory, p!.Replace('\\', Path.DirectorySeparatorChar))))
                .Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase) && File.Exists(p))
                .ToList();
        }

        /// <summary>
        /// The target frameworks of a project that is a test project reaching the CoverWeaver package;
        /// none otherwise. <paramref name="always"/>: the project is known to take part.
        /// </summary>
        private static IEnumerable<string> WovenTestFrameworks(string project, bool always)
        {
            var assets = Path.Combine(Path.GetDirectoryName(project)!, "obj", "project.assets.json");
            if (!File.Exists(assets))
            {
                return Array.Empty<string>();
            }

            try
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(assets));
                var root = json.RootElement;
                var libraries = root.TryGetProperty("libraries", out var libs)
                    ? libs.EnumerateObject().Select(l => l.Name).ToList()
                    : new List<string>();
                var isTest = libraries.Any(l => TestPlatforms.Any(t => l.StartsWith(t, StringComparison.OrdinalIgnoreCase)));

                // The package's targets reach a test project with the package; a project of this
                // repository imports them by hand, which its file says.
                var hasPackage = libraries.Any(l => l.StartsWith("CoverWeaver.Fody/", StringComparison.OrdinalIgnoreCase))
                    || File.ReadAllText(project).IndexOf("CoverWeaver.InRepo.Tests.targets", StringComparison.Ordinal) >= 0;
                if (!always && !(isTest && hasPackage))
                {
                    return Array.Empty<string>();
                }

                return root.GetProperty("project").GetProperty("frameworks").EnumerateObject().Select(f => f.Name).ToList();
            }
            catch (Exception e) when (e is JsonException || e is KeyNotFoundException || e is InvalidOperationException || e is IOException)
            {
                return Array.Empty<string>();
            }
        }

        private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
    }
}
