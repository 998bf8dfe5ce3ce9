using System;
using System.IO;

namespace CoverWeaver.Tests.Support
{
    /// <summary>A fresh empty directory for one test, removed afterwards.</summary>
    internal sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coverweaver-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

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
                // A leftover temp directory must not fail the test that used it.
            }
        }
    }
}
