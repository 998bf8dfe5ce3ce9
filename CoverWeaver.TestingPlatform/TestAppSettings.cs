using System;
using System.IO;
using CoverWeaver.Persistence;

namespace CoverWeaver.TestingPlatform
{
    /// <summary>
    /// What the test app's extension needs of the <c>coverweaver.settings</c> file the build writes
    /// beside it: where its counters go, the collector to start, and whether a threshold was asked
    /// for. The collector reads the rest of the file itself.
    /// </summary>
    internal sealed class TestAppSettings
    {
        private TestAppSettings(string path, string countersDirectory, string collector, string threshold)
        {
            Path = path;
            CountersDirectory = countersDirectory;
            Collector = collector;
            Threshold = threshold;
        }

        /// <summary>The settings file.</summary>
        public string Path { get; }

        public string CountersDirectory { get; }

        /// <summary>The collector's assembly, run with <c>dotnet</c>.</summary>
        public string Collector { get; }

        /// <summary><c>-p:CoverWeaveThreshold</c> as given, or empty.</summary>
        public string Threshold { get; }

        /// <summary>The settings in <paramref name="directory"/>, or null when there are none or they name no collector (not a woven test run).</summary>
        public static TestAppSettings? Beside(string? directory)
        {
            if (string.IsNullOrEmpty(directory))
            {
                return null;
            }

            var path = System.IO.Path.Combine(directory, SettingsFile.FileName);
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                var values = SettingsFile.Read(path);
                var collector = values.Value("collector");
                var data = values.Value("data");
                return collector.Length > 0 && data.Length > 0
                    ? new TestAppSettings(path, System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, data)), collector, values.Value("threshold"))
                    : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"CoverWeaver: could not read {path} ({e.Message}); coverage is not collected at the end of this run.");
                return null;
            }
        }
    }
}
