using System;
using System.IO;

namespace CoverWeaver.Tests.Support
{
    /// <summary>Paths inside the repository these tests were built from.</summary>
    internal static class RepoPaths
    {
        private static readonly Lazy<string> RootPath = new Lazy<string>(() =>
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CoverWeaver.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("CoverWeaver.sln not found above " + AppContext.BaseDirectory);
        });

        public static string Root => RootPath.Value;

        public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        public static string WovenFixtures => Combine("CoverWeaver.Tests", "Fixtures", "Woven");
    }
}
