using System.Collections.Generic;

namespace CoverWeaver
{
    /// <summary>What <see cref="Cover.Import(string)"/> added.</summary>
    public sealed class CoverImport
    {
        internal CoverImport(IReadOnlyList<string> files, IReadOnlyList<ImportedModule> modules, IReadOnlyList<string> skipped)
        {
            Files = files;
            Modules = modules;
            Skipped = skipped;
        }

        /// <summary>The files whose counts were added, full paths in order.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>Each module added, with the build that recorded it.</summary>
        public IReadOnlyList<ImportedModule> Modules { get; }

        /// <summary>What the filter left out: a file or module and why, one line each.</summary>
        public IReadOnlyList<string> Skipped { get; }
    }

    /// <summary>One module's data taken by an import.</summary>
    public sealed class ImportedModule
    {
        internal ImportedModule(string module, string assembly, string build, string assemblyBuild, Counting counting, string file, long calls)
        {
            Module = module;
            Assembly = assembly;
            Build = build;
            AssemblyBuild = assemblyBuild;
            Counting = counting;
            File = file;
            Calls = calls;
        }

        /// <summary>The module's type name.</summary>
        public string Module { get; }

        /// <summary>The simple name of the assembly that declares it.</summary>
        public string Assembly { get; }

        /// <summary>The module's fingerprint (16 hexadecimal digits): its probes, its code and its counting mode.</summary>
        public string Build { get; }

        /// <summary>The build id of the assembly that recorded the data, as <c>GET /builds</c> shows it.</summary>
        public string AssemblyBuild { get; }

        /// <summary>Whether the data are exact counts or set-mode marks.</summary>
        public Counting Counting { get; }

        /// <summary>The file the data came from (the first file of its process and assembly, for counter files).</summary>
        public string File { get; }

        /// <summary>The sum of the module's counters added: a quick check that something ran.</summary>
        public long Calls { get; }

        /// <inheritdoc />
        public override string ToString() => $"{Module}, {Assembly} (build {Build}, {Counting}) from {File}";
    }
}
