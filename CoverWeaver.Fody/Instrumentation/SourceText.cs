using System.Collections.Generic;
using System.IO;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>Source files as the build left them, read once each; null where a file cannot be read.</summary>
    internal sealed class SourceText
    {
        private readonly Dictionary<string, string[]?> _files = new Dictionary<string, string[]?>();
        private readonly DocumentPaths _paths;

        public SourceText(DocumentPaths paths)
        {
            _paths = paths;
        }

        /// <summary>The lines of a document the PDB names, found where <see cref="DocumentPaths"/> says it is.</summary>
        public string[]? Lines(string documentPath)
        {
            var path = _paths.Resolve(documentPath);
            if (!_files.TryGetValue(path, out var lines))
            {
                try
                {
                    lines = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n").Split('\n') : null;
                }
                catch (IOException)
                {
                    lines = null;
                }
                catch (System.UnauthorizedAccessException)
                {
                    lines = null;
                }

                _files[path] = lines;
            }

            return lines;
        }
    }
}
