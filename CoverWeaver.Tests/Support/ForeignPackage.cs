using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using CoverWeaver.Fody.Instrumentation;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// An assembly from a NuGet package this project did not write, with the portable PDB the
    /// package ships beside it: a plain copy and a copy woven by <see cref="AssemblyInstrumenter"/>,
    /// each in a folder of its own so that a load context over the folder finds only that copy.
    /// </summary>
    internal sealed class ForeignPackage : IDisposable
    {
        private readonly TempDirectory _temp;

        private ForeignPackage(string name, TempDirectory temp, InstrumentResult result, TimeSpan weaveTime, RecordingLog log)
        {
            Name = name;
            _temp = temp;
            Result = result;
            WeaveTime = weaveTime;
            Log = log;
        }

        /// <summary>The assembly's simple name, which is also its package's id here.</summary>
        public string Name { get; }

        public InstrumentResult Result { get; }

        public TimeSpan WeaveTime { get; }

        public RecordingLog Log { get; }

        public string PlainPath => Path.Combine(_temp.Path, "plain", Name + ".dll");

        public string WovenPath => Path.Combine(_temp.Path, "woven", Name + ".dll");

        /// <summary>Copies the package's dll and pdb out of the NuGet cache and weaves them.</summary>
        public static ForeignPackage Weave(string name)
        {
            var folder = PackageFolder(name);
            var temp = new TempDirectory();
            var plain = Path.Combine(temp.Path, "plain");
            Directory.CreateDirectory(plain);
            foreach (var extension in new[] { ".dll", ".pdb" })
            {
                var file = Path.Combine(folder, name + extension);
                if (!File.Exists(file))
                {
                    throw new FileNotFoundException($"The {name} package has no {name}{extension} in {folder}; ForeignPackageTests need a package that ships its PDB.", file);
                }

                File.Copy(file, Path.Combine(plain, name + extension));
            }

            var log = new RecordingLog();
            var clock = Stopwatch.StartNew();
            var result = AssemblyInstrumenter.Instrument(Path.Combine(plain, name + ".dll"), Path.Combine(temp.Path, "woven", name + ".dll"), log: log);
            clock.Stop();
            return new ForeignPackage(name, temp, result, clock.Elapsed, log);
        }

        /// <summary>
        /// A collectible context holding the woven copy, or the plain one. Both take the CoverWeaver
        /// runtime from the default context, so the woven copy counts into the counters Cover reads.
        /// </summary>
        public (DirectoryLoadContext Context, Assembly Assembly) Load(bool woven)
        {
            var path = woven ? WovenPath : PlainPath;
            var context = new DirectoryLoadContext((woven ? "woven-" : "plain-") + Name, Path.GetDirectoryName(path)!);
            return (context, context.LoadFromAssemblyPath(path));
        }

        public void Dispose() => _temp.Dispose();

        /// <summary>The package's lib folder, which CoverWeaver.Tests.csproj records at build time.</summary>
        private static string PackageFolder(string name)
        {
            var key = "ForeignPackage:" + name;
            var folder = typeof(ForeignPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value;
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"No restored package folder for {name} ('{folder}'); CoverWeaver.Tests.csproj should record it as AssemblyMetadata '{key}'.");
            }

            return folder;
        }
    }
}
