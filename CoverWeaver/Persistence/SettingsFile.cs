using System;
using System.Collections.Generic;
using System.IO;

namespace CoverWeaver.Persistence
{
    /// <summary>
    /// Reads the <c>coverweaver.settings</c> file the build writes into a test project's output:
    /// <c>key=value</c> lines. The runtime reads <c>data</c> (where counters go); in a
    /// Microsoft.Testing.Platform test app the coverage extension and the collector read the rest.
    /// Compiled into the extension too, so every reader reads it alike.
    /// </summary>
    internal static class SettingsFile
    {
        public const string FileName = "coverweaver.settings";

        /// <summary>The file's keys and values (the first of a key wins; lines without <c>=</c> are ignored).</summary>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public static Dictionary<string, string> Read(string path)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in File.ReadAllLines(path))
            {
                var equals = line.IndexOf('=');
                var key = equals > 0 ? line.Substring(0, equals).Trim() : "";
                if (key.Length > 0 && !values.ContainsKey(key))
                {
                    values[key] = line.Substring(equals + 1).Trim();
                }
            }

            return values;
        }

        /// <summary>The value of <paramref name="key"/>, or empty.</summary>
        public static string Value(this Dictionary<string, string> values, string key) =>
            values.TryGetValue(key, out var value) ? value : "";
    }
}
