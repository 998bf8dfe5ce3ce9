using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CoverWeaver.Data;
using CoverWeaver.Report;

namespace CoverWeaver.Tool.Reports
{
    /// <summary>
    /// The report formats <c>coverweaver report --format</c> knows: each is one entry, a name, the
    /// file it writes under the output folder, and a writer over the merged snapshots.
    /// </summary>
    internal static class ReportFormats
    {
        /// <summary>One format: its name on the command line, its file under <c>--output</c>, and what it writes.</summary>
        internal sealed class Format
        {
            public Format(string name, string fileName, Func<IReadOnlyList<ModuleSnapshot>, byte[]> write)
            {
                Name = name;
                FileName = fileName;
                Write = write;
            }

            public string Name { get; }

            public string FileName { get; }

            public Func<IReadOnlyList<ModuleSnapshot>, byte[]> Write { get; }
        }

        // TODO(issue 9): add "cobertura" (coverage.cobertura.xml), "html" (html/index.html) and
        // "json" (coverage.json, the summary) as one entry each once the CoverWeaver.Reports
        // assembly with their writers is merged; the file names are the issue's.
        public static readonly IReadOnlyList<Format> All = new[]
        {
            new Format("lcov", "coverage.info", snapshots => Encoding.UTF8.GetBytes(Lcov.Write(snapshots))),
            new Format("export", "coverage.coverweaver", snapshots => CoverageFile.Encode(snapshots)),
        };

        /// <summary>
        /// The formats a <c>--format</c> value names (comma or semicolon separated, any case, each
        /// once); an unknown name is a usage error listing the known ones.
        /// </summary>
        public static List<Format> Parse(IEnumerable<string> values)
        {
            var chosen = new List<Format>();
            foreach (var name in values.SelectMany(v => v.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries)).Select(n => n.Trim()).Where(n => n.Length > 0))
            {
                var format = All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
                if (format == null)
                {
                    throw ToolException.Usage($"Unknown report format '{name}'. Known formats: {string.Join(", ", All.Select(f => f.Name))} (several as --format lcov,export).");
                }

                if (!chosen.Contains(format))
                {
                    chosen.Add(format);
                }
            }

            if (chosen.Count == 0)
            {
                throw ToolException.Usage($"--format names no format. Known formats: {string.Join(", ", All.Select(f => f.Name))}.");
            }

            return chosen;
        }
    }
}
