using System;
using System.IO;
using CoverWeaver.Persistence;

namespace CoverWeaver.MSBuild
{
    /// <summary>
    /// The <c>coverweaver.settings</c> file the build writes beside a Microsoft.Testing.Platform test
    /// app: <c>key=value</c> lines. The runtime reads <c>data</c> (where its counters go); the
    /// collector reads the rest, what the MSBuild task gets as parameters in a VSTest run.
    /// </summary>
    internal static class CollectSettings
    {
        /// <summary>
        /// The request for the test app whose settings file is <paramref name="path"/>, in the session
        /// <paramref name="session"/>; <paramref name="alone"/>: the app ran by itself, not under <c>dotnet test</c>.
        /// </summary>
        /// <exception cref="ArgumentException">A key the collector needs is missing; the message names it.</exception>
        public static CollectRequest Read(string path, string session, bool alone)
        {
            var values = SettingsFile.Read(path);
            string Required(string key) => values.TryGetValue(key, out var value) && value.Length > 0
                ? value
                : throw new ArgumentException($"{path} has no '{key}=' line; build the test project again with -p:CoverWeave=true.");
            string Optional(string key) => values.Value(key);

            return new CollectRequest
            {
                CountersDirectory = Required("data"),
                SessionDirectory = Path.Combine(Required("sessions"), session),
                ProjectPath = Required("project"),
                TargetFramework = Required("framework"),
                SolutionPath = Optional("solution"),
                OutputDirectory = Required("output"),
                Formats = Optional("formats"),
                Threshold = Optional("threshold"),
                ThresholdStat = Optional("thresholdstat"),
                Alone = alone,
            };
        }
    }
}
