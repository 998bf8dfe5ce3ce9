using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CoverWeaver.Data;
using CoverWeaver.Report;
using CoverWeaver.Reports.Html;

namespace CoverWeaver.Reports
{
    /// <summary>One report format: its name where a user asks for it, and where it writes.</summary>
    internal sealed class ReportFormat
    {
        private readonly Func<IReadOnlyList<ModuleSnapshot>, string, DateTimeOffset, string> _write;

        private ReportFormat(string name, string output, Func<IReadOnlyList<ModuleSnapshot>, string, DateTimeOffset, string> write)
        {
            Name = name;
            Output = output;
            _write = write;
        }

        /// <summary>The name in <c>-p:CoverWeaveFormats</c> and <c>--format</c>.</summary>
        public string Name { get; }

        /// <summary>The file (or, for HTML, the folder's index) it writes, relative to the output directory.</summary>
        public string Output { get; }

        /// <summary>Writes the report into <paramref name="directory"/>; returns the path of what was written.</summary>
        public string Write(IReadOnlyList<ModuleSnapshot> modules, string directory, DateTimeOffset now)
        {
            Directory.CreateDirectory(directory);
            return _write(modules, directory, now);
        }

        /// <summary>A format written as one file, whole or not at all.</summary>
        internal static ReportFormat File(string name, string fileName, Func<IReadOnlyList<ModuleSnapshot>, DateTimeOffset, byte[]> bytes) =>
            new ReportFormat(name, fileName, (modules, directory, now) =>
            {
                var path = Path.Combine(directory, fileName);
                AtomicFile.WriteAllBytes(path, bytes(modules, now));
                return path;
            });

        /// <summary>A format written as a folder of files.</summary>
        internal static ReportFormat Folder(string name, string folder, string index, Func<IReadOnlyList<ModuleSnapshot>, string, DateTimeOffset, string> write) =>
            new ReportFormat(name, folder + "/" + index, (modules, directory, now) => write(modules, Path.Combine(directory, folder), now));
    }

    /// <summary>
    /// Every report format, one entry each, for the test run and the <c>coverweaver</c> tool alike,
    /// and reading a list of them as a user writes it.
    /// </summary>
    internal static class ReportFormats
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>The export format: the data itself, which <c>Cover.Import</c> and the tool read back to merge runs later.</summary>
        public static readonly ReportFormat Export = ReportFormat.File("export", "coverage.coverweaver", (modules, _) => CoverageFile.Encode(modules));

        /// <summary>The formats by name, the export format included.</summary>
        public static readonly IReadOnlyList<ReportFormat> All = new[]
        {
            ReportFormat.File("cobertura", "coverage.cobertura.xml", (modules, now) => Cobertura.WriteBytes(modules, now)),
            ReportFormat.File("lcov", "coverage.info", (modules, _) => Utf8.GetBytes(Lcov.Write(modules))),
            ReportFormat.File("json", "coverage.json", (modules, _) => Utf8.GetBytes(JsonSummary.Write(modules))),
            ReportFormat.Folder("html", "html", HtmlReport.IndexName, (modules, directory, now) => HtmlReport.Write(modules, directory, now)),
            Export,
        };

        /// <summary>
        /// The formats named (separated by commas or semicolons, any case), each once, in the order
        /// named; with <paramref name="withExport"/> the export format is always among them.
        /// </summary>
        /// <exception cref="ArgumentException">A name is not a format; the message lists them.</exception>
        public static IReadOnlyList<ReportFormat> Parse(string? names, bool withExport)
        {
            var formats = new List<ReportFormat>();
            foreach (var name in (names ?? "").Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim().Trim('"', '\'').Trim()).Where(n => n.Length > 0))
            {
                var format = All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new ArgumentException($"'{name}' is not a report format; the formats are {string.Join(", ", All.Select(f => f.Name))}.");
                if (!formats.Contains(format))
                {
                    formats.Add(format);
                }
            }

            if (withExport && !formats.Contains(Export))
            {
                formats.Add(Export);
            }

            return formats;
        }
    }
}
