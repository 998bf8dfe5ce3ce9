using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CoverWeaver.Data;
using CoverWeaver.Report;

namespace CoverWeaver.MSBuild
{
    /// <summary>One report format: its name on the command line and the file it writes.</summary>
    internal sealed class ReportFormat
    {
        public ReportFormat(string name, string fileName, Func<IReadOnlyList<ModuleSnapshot>, byte[]> write)
        {
            Name = name;
            FileName = fileName;
            _write = write;
        }

        private readonly Func<IReadOnlyList<ModuleSnapshot>, byte[]> _write;

        public string Name { get; }

        public string FileName { get; }

        /// <summary>Writes the report into <paramref name="directory"/>, whole or not at all; returns its path.</summary>
        public string Write(IReadOnlyList<ModuleSnapshot> modules, string directory)
        {
            var path = Path.Combine(directory, FileName);
            AtomicFile.WriteAllBytes(path, _write(modules));
            return path;
        }
    }

    /// <summary>The formats the test run writes, and reading <c>-p:CoverWeaveFormats</c>.</summary>
    internal static class ReportFormats
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>
        /// The export format, written always: the run's data, which <c>Cover.Import</c> and the tools
        /// read back, so that runs can be merged later.
        /// </summary>
        public static readonly ReportFormat Export = new ReportFormat("coverweaver", "coverage.coverweaver", modules => CoverageFile.Encode(modules));

        private static readonly ReportFormat[] Known =
        {
            new ReportFormat("lcov", "coverage.info", modules => Utf8.GetBytes(Lcov.Write(modules))),
        };

        /// <summary>The formats named (comma or semicolon separated, any case), the export format first.</summary>
        /// <exception cref="ArgumentException">A name is not a known format; the message lists them.</exception>
        public static IReadOnlyList<ReportFormat> Parse(string names)
        {
            var formats = new List<ReportFormat> { Export };
            foreach (var name in (names ?? "").Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries).Select(n => n.Trim()).Where(n => n.Length > 0))
            {
                var format = Known.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
                if (format == null && !string.Equals(name, Export.Name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException(
                        $"CoverWeaveFormats names '{name}', which is not a report format; the formats are {string.Join(", ", Known.Select(f => f.Name))} " +
                        $"(the {Export.Name} export is always written).");
                }

                if (format != null && !formats.Contains(format))
                {
                    formats.Add(format);
                }
            }

            return formats;
        }
    }
}
