using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// Whether any of the given assemblies references the CoverWeaver runtime (code that calls the
    /// Cover API, or woven code). A plain build ships the runtime only then, so a build without
    /// coverage is exactly what the project builds without CoverWeaver, while code that calls the
    /// API still runs.
    /// </summary>
    public sealed class UsesRuntime : Task
    {
        /// <summary>The project's own assembly and those of the projects it references.</summary>
        [Required]
        public ITaskItem[] Assemblies { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>True when one of <see cref="Assemblies"/> references CoverWeaver.</summary>
        [Output]
        public bool Uses { get; private set; }

        /// <inheritdoc />
        public override bool Execute()
        {
            foreach (var item in Assemblies)
            {
                var path = item.GetMetadata("FullPath");
                try
                {
                    if (File.Exists(path) && References(path, "CoverWeaver"))
                    {
                        Uses = true;
                        Log.LogMessage(MessageImportance.Low, $"CoverWeaver: {path} references the runtime, which is kept in the output.");
                        return true;
                    }
                }
                catch (Exception e) when (e is BadImageFormatException || e is IOException || e is InvalidOperationException)
                {
                    // Not a managed assembly, or unreadable: it references nothing of ours; keep the runtime to be safe.
                    Uses = true;
                    return true;
                }
            }

            return true;
        }

        private static bool References(string path, string name)
        {
            using var pe = new PEReader(File.OpenRead(path));
            if (!pe.HasMetadata)
            {
                return false;
            }

            var metadata = pe.GetMetadataReader();
            return metadata.AssemblyReferences.Any(h => metadata.StringComparer.Equals(metadata.GetAssemblyReference(h).Name, name));
        }
    }
}
