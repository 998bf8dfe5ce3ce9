using System;
using System.IO;

namespace CoverWeaver.Tests.Support
{
    /// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
    internal sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coverweaver-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(string name) => System.IO.Path.Combine(Path, name);

        /// <summary>Copies a file from the test output directory into this one, optionally renamed.</summary>
        public string CopyFromOutput(string fileName, string? renamedTo = null)
        {
            var target = Combine(renamedTo ?? fileName);
            File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, fileName), target);
            return target;
        }

        /// <summary>The names of the files in the directory, to show nothing stray was left behind.</summary>
        public string[] FileNames()
        {
            var files = Directory.GetFiles(Path);
            for (var i = 0; i < files.Length; i++)
            {
                files[i] = System.IO.Path.GetFileName(files[i]);
            }

            Array.Sort(files, StringComparer.Ordinal);
            return files;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A file still mapped by a load context; the temp folder is cleaned eventually.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
