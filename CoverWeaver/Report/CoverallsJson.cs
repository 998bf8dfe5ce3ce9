using CoverWeaver.Data;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using CoverWeaver.Analyses;

namespace CoverWeaver.Report
{
    /// <summary>
    /// A Coveralls job: <c>{"service_name", "service_job_id", "source_files": [{"name",
    /// "source_digest", "coverage"}]}</c>, one source file per document, <c>coverage</c> holding
    /// null for a line that is not executable and its count for one that is, as
    /// ex_integration_coveralls builds it from Erlang's line analysis.
    /// </summary>
    internal static class CoverallsJson
    {
        /// <param name="modules">The modules to report; lines of one file from several modules are merged.</param>
        /// <param name="serviceName">Coveralls' <c>service_name</c>.</param>
        /// <param name="jobId">Coveralls' <c>service_job_id</c>.</param>
        /// <param name="missingSource">Told each source file that cannot be read.</param>
        public static string Write(IEnumerable<ModuleSnapshot> modules, string serviceName, string jobId, Action<string>? missingSource = null)
        {
            // A line's count is the most-run sequence point on it, across modules as within one,
            // the same rule as the line analysis, so the array agrees with Cover.Analyse.
            var files = new SortedDictionary<string, Dictionary<int, long>>(StringComparer.Ordinal);
            foreach (var counts in modules)
            {
                foreach (var line in counts.Lines())
                {
                    var path = counts.Documents[line.Document];
                    if (!files.TryGetValue(path, out var lines))
                    {
                        lines = new Dictionary<int, long>();
                        files[path] = lines;
                    }

                    lines[line.Line] = lines.TryGetValue(line.Line, out var seen) ? Math.Max(seen, line.Count) : line.Count;
                }
            }

            var json = new StringBuilder();
            json.Append("{\"service_name\":").Append(Quote(serviceName))
                .Append(",\"service_job_id\":").Append(Quote(jobId))
                .Append(",\"source_files\":[");
            var first = true;
            foreach (var file in files)
            {
                json.Append(first ? "" : ",");
                first = false;
                WriteFile(json, file.Key, file.Value, missingSource);
            }

            return json.Append("]}").ToString();
        }

        private static void WriteFile(StringBuilder json, string path, Dictionary<int, long> lines, Action<string>? missingSource)
        {
            byte[]? content = null;
            try
            {
                content = File.Exists(path) ? File.ReadAllBytes(path) : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }

            // Without the source there is no digest to give: one made up (of an empty file, say)
            // would let Coveralls match the wrong content, so the field is left out and the array
            // runs to the last executable line.
            var length = lines.Keys.Max();
            if (content != null)
            {
                length = Math.Max(length, LineCount(content));
            }
            else
            {
                missingSource?.Invoke(path);
            }

            json.Append("{\"name\":").Append(Quote(NameOf(path)));
            if (content != null)
            {
                json.Append(",\"source_digest\":").Append(Quote(Md5Hex(content)));
            }

            json.Append(",\"coverage\":[");
            for (var line = 1; line <= length; line++)
            {
                json.Append(line > 1 ? "," : "");
                json.Append(lines.TryGetValue(line, out var count) ? count.ToString(CultureInfo.InvariantCulture) : "null");
            }

            json.Append("]}");
        }

        /// <summary>
        /// The path relative to the repository holding the file (the nearest folder with a
        /// <c>.git</c> entry, a worktree's file included), with <c>/</c>; the full path otherwise.
        /// </summary>
        internal static string NameOf(string path)
        {
            try
            {
                var full = Path.GetFullPath(path);
                for (var dir = Path.GetDirectoryName(full); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
                {
                    var git = Path.Combine(dir, ".git");
                    if (Directory.Exists(git) || File.Exists(git))
                    {
                        return full.Substring(dir!.Length).TrimStart(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Replace('\\', '/');
                    }
                }
            }
            catch (Exception e) when (e is ArgumentException || e is IOException || e is NotSupportedException || e is UnauthorizedAccessException)
            {
            }

            return path;
        }

        /// <summary>Lines as the annotated source counts them: a final line break ends the last line.</summary>
        private static int LineCount(byte[] content)
        {
            var count = 0;
            foreach (var b in content)
            {
                count += b == (byte)'\n' ? 1 : 0;
            }

            return content.Length > 0 && content[content.Length - 1] != (byte)'\n' ? count + 1 : count;
        }

        private static string Md5Hex(byte[] content)
        {
            using var md5 = MD5.Create();
            var hash = md5.ComputeHash(content);
            var hex = new StringBuilder(hash.Length * 2);
            foreach (var b in hash)
            {
                hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }

        private static string Quote(string text) => new Json().String(text).ToString();
    }
}
