using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.PortableExecutable;

namespace CoverWeaver.Tool.Instrumenting
{
    /// <summary>
    /// What instrumenting in place leaves beside the binaries, so that <c>--restore</c> can undo it
    /// byte for byte: each changed file's original as <c>&lt;file&gt;.coverweaver-original</c>, and an
    /// empty <c>&lt;file&gt;.coverweaver-added</c> beside each file the tool added (the runtime).
    /// </summary>
    internal static class WovenFolder
    {
        /// <summary>Suffix of the copy of a file as it was before the tool changed it.</summary>
        public const string OriginalSuffix = ".coverweaver-original";

        /// <summary>Suffix of the marker saying the tool added the file of that name.</summary>
        public const string AddedSuffix = ".coverweaver-added";

        /// <summary>The runtime's file name: what woven code references.</summary>
        public const string RuntimeFile = "CoverWeaver.dll";

        /// <summary>
        /// The assemblies to instrument among the inputs: files as given, and in a directory its
        /// top-level .dll and .exe files that are .NET assemblies (a publish folder's subfolders hold
        /// satellite resources and native runtimes, which have no code to count). The runtime is
        /// never instrumented: its probes would count themselves.
        /// </summary>
        public static List<string> Assemblies(IEnumerable<string> inputs)
        {
            var found = new List<string>();
            foreach (var input in inputs)
            {
                if (Directory.Exists(input))
                {
                    found.AddRange(Directory.GetFiles(input)
                        .Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
                        .Where(IsManaged)
                        .OrderBy(f => f, StringComparer.Ordinal));
                }
                else if (File.Exists(input))
                {
                    found.Add(input);
                }
                else
                {
                    throw ToolException.Input($"No file or directory at {Path.GetFullPath(input)}. Name a folder of built binaries (a dotnet publish folder) or the assemblies to instrument.");
                }
            }

            return found
                .Select(Path.GetFullPath)
                .Where(f => !string.Equals(Path.GetFileName(f), RuntimeFile, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Whether a file is a .NET assembly, read from its PE headers without loading it.</summary>
        public static bool IsManaged(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var pe = new PEReader(stream);
                return pe.HasMetadata;
            }
            catch (BadImageFormatException)
            {
                return false;
            }
        }

        /// <summary>Copies a file to <c>&lt;file&gt;.coverweaver-original</c> under a temporary name, returned; <see cref="Keep"/> or delete it.</summary>
        public static string? StageOriginal(string file)
        {
            if (!File.Exists(file))
            {
                return null;
            }

            var staged = file + OriginalSuffix + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(file, staged);
            return staged;
        }

        /// <summary>
        /// Keeps a staged original as <c>&lt;file&gt;.coverweaver-original</c>. One already there is
        /// replaced: the file was not woven (else nothing was staged to keep), so it was rebuilt or
        /// redeployed since, and <see cref="Restore"/> must bring back this build, not the older one.
        /// </summary>
        public static void Keep(string staged, string file)
        {
            File.Move(staged, file + OriginalSuffix, overwrite: true);
        }

        /// <summary>Deletes a staged original that was not needed.</summary>
        public static void Discard(string? staged)
        {
            if (staged != null && File.Exists(staged))
            {
                File.Delete(staged);
            }
        }

        /// <summary>
        /// Puts <c>CoverWeaver.dll</c> into <paramref name="directory"/> if it is not there, marking it
        /// as added when <paramref name="mark"/> (in place, for <see cref="Restore"/>). Returns a warning when the one there is older than the runtime the woven code
        /// references (it would not load), else null.
        /// </summary>
        public static string? EnsureRuntime(string directory, string runtimePath, bool mark)
        {
            var target = Path.Combine(directory, RuntimeFile);
            var needed = AssemblyName.GetAssemblyName(runtimePath).Version!;
            if (File.Exists(target))
            {
                var present = AssemblyName.GetAssemblyName(target).Version;
                return present != null && present < needed
                    ? $"{target} is version {present}, older than the {needed} that woven code references; it will not load. Replace it with the runtime of CoverWeaver {needed} (the CoverWeaver.Fody package's lib/netstandard2.0/CoverWeaver.dll)."
                    : null;
            }

            var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.Copy(runtimePath, temp);
            if (mark)
            {
                File.WriteAllBytes(target + AddedSuffix, Array.Empty<byte>());
            }

            File.Move(temp, target);
            return null;
        }

        /// <summary>
        /// Undoes instrumenting in <paramref name="directory"/>: every original goes back in place of
        /// its file, every added file is deleted. Returns the files put back and removed.
        /// </summary>
        public static (List<string> Restored, List<string> Removed) Restore(string directory)
        {
            var restored = new List<string>();
            var removed = new List<string>();
            foreach (var original in Directory.GetFiles(directory, "*" + OriginalSuffix).OrderBy(f => f, StringComparer.Ordinal))
            {
                var file = original.Substring(0, original.Length - OriginalSuffix.Length);
                // A move, so the original's bytes come back exactly and nothing of the tool is left.
                File.Move(original, file, overwrite: true);
                restored.Add(file);
            }

            foreach (var marker in Directory.GetFiles(directory, "*" + AddedSuffix).OrderBy(f => f, StringComparer.Ordinal))
            {
                var file = marker.Substring(0, marker.Length - AddedSuffix.Length);
                if (File.Exists(file))
                {
                    File.Delete(file);
                    removed.Add(file);
                }

                File.Delete(marker);
            }

            return (restored, removed);
        }
    }
}
