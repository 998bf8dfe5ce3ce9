using System;
using System.Globalization;
using CoverWeaver.Model;

namespace CoverWeaver
{
    /// <summary>
    /// Which data an import takes, by the build of the assembly that recorded it: every build, the
    /// builds this process runs, or one build by the id <c>GET /builds</c> and
    /// <see cref="ImportedModule.AssemblyBuild"/> show.
    /// </summary>
    public sealed class ImportFilter
    {
        private readonly Func<AssemblyProbeTable, bool> _keeps;

        private ImportFilter(string description, Func<AssemblyProbeTable, bool> keeps)
        {
            Description = description;
            _keeps = keeps;
        }

        /// <summary>Every build; data of another build than this process's module is refused, as always.</summary>
        public static ImportFilter All { get; } = new ImportFilter("every build", _ => true);

        /// <summary>
        /// Only data recorded by a build of an assembly this process has, woven the same way
        /// (loaded, or lying beside the application): after a redeploy, the new build's files.
        /// </summary>
        public static ImportFilter ThisProcess { get; } = new ImportFilter("the builds of this process", table => Runtime.Registry.HasBuild(table.AssemblyName, table.BuildId));

        /// <summary>A description for messages.</summary>
        public string Description { get; }

        /// <summary>Only data recorded by the assembly build with this id (16 hexadecimal digits).</summary>
        /// <exception cref="ArgumentException">The id is not 16 hexadecimal digits.</exception>
        public static ImportFilter Build(string buildId)
        {
            if (buildId == null || buildId.Length != 16 || !ulong.TryParse(buildId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id))
            {
                throw new ArgumentException($"'{buildId}' is not a build id: a build id is 16 hexadecimal digits, as GET /builds shows it.", nameof(buildId));
            }

            return new ImportFilter("build " + buildId.ToLowerInvariant(), table => table.BuildId == id);
        }

        internal bool Keeps(AssemblyProbeTable table) => _keeps(table);
    }
}
