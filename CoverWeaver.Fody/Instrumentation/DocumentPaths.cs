using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Where the source files a PDB names are on this machine. Deterministic builds
    /// (<c>ContinuousIntegrationBuild=true</c>, or any <c>PathMap</c>) write mapped paths such as
    /// <c>/_/src/App/Foo.cs</c> into the PDB, which exist nowhere; the annotated source and the
    /// executable-line rules need the real file. A path that does not exist is looked up as a
    /// suffix of itself under the source-root hint (the project's directory) and its ancestors,
    /// the longest suffix first, so <c>/_/src/App/Foo.cs</c> finds <c>&lt;repo&gt;/src/App/Foo.cs</c>
    /// from <c>&lt;repo&gt;/src/App</c> even when another folder has a <c>Foo.cs</c> too. A path not
    /// found anywhere is kept as the PDB says.
    /// </summary>
    internal sealed class DocumentPaths
    {
        private readonly List<string> _roots = new List<string>();
        private readonly Dictionary<string, string> _resolved = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <param name="sourceRootHint">A directory at or below where the sources live; null to keep every path as it is.</param>
        public DocumentPaths(string? sourceRootHint)
        {
            for (var dir = string.IsNullOrEmpty(sourceRootHint) ? null : new DirectoryInfo(Path.GetFullPath(sourceRootHint)); dir != null; dir = dir.Parent)
            {
                _roots.Add(dir.FullName);
            }
        }

        /// <summary>The local path of a document the PDB names.</summary>
        public string Resolve(string documentPath)
        {
            if (!_resolved.TryGetValue(documentPath, out var resolved))
            {
                resolved = Find(documentPath) ?? documentPath;
                _resolved[documentPath] = resolved;
            }

            return resolved;
        }

        private string? Find(string documentPath)
        {
            if (_roots.Count == 0 || documentPath.Length == 0 || Exists(documentPath))
            {
                return null;
            }

            var segments = documentPath.Split(new[] { '/', '\\' }, StringSplitOptions.RemoveEmptyEntries);

            // Never the whole path: its first segment is the mapped prefix ("_" of "/_/").
            for (var first = 1; first < segments.Length; first++)
            {
                var suffix = Path.Combine(segments.Skip(first).ToArray());
                foreach (var root in _roots)
                {
                    var candidate = Path.Combine(root, suffix);
                    if (Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        private static bool Exists(string path)
        {
            try
            {
                return File.Exists(path);
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }
}
