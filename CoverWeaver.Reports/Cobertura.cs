using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using CoverWeaver.Data;

namespace CoverWeaver.Reports
{
    /// <summary>
    /// Writes Cobertura XML as its DTD (coverage-04) defines it, the format CI coverage views,
    /// ReportGenerator and Codecov read. A package is an assembly, a class a module, a method a
    /// clause. A class element has one <c>filename</c>, so a module spanning several files (a partial
    /// type) is one class element per file, all of one name, which readers join into one class.
    /// Lines are the line analysis's (distinct source lines, a field initializer summed over its
    /// constructors), so a reader's per-class totals are our per-module ones. Two assemblies
    /// declaring a type of one name are told apart by their package. There are no branch data:
    /// every branch figure is 0 of 0, whose rate Cobertura itself writes as 1.
    /// </summary>
    internal static class Cobertura
    {
        public const string FileName = "coverage.cobertura.xml";

        public static string Write(IEnumerable<ModuleSnapshot> snapshots, DateTimeOffset now) =>
            new UTF8Encoding(false).GetString(WriteBytes(snapshots, now));

        /// <summary>The report as UTF-8 bytes, written straight to them: no string of the whole report in between.</summary>
        public static byte[] WriteBytes(IEnumerable<ModuleSnapshot> snapshots, DateTimeOffset now)
        {
            var figures = LineFigures.Of(snapshots);
            var root = SourceRoot(figures.Files.Keys);
            var bytes = new MemoryStream();
            var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
            using (var xml = XmlWriter.Create(bytes, settings))
            {
                xml.WriteStartDocument();
                xml.WriteDocType("coverage", null, "http://cobertura.sourceforge.net/xml/coverage-04.dtd", null);
                xml.WriteStartElement("coverage");
                Rates(xml, figures.Total);
                xml.WriteAttributeString("lines-covered", Number(figures.Total.Covered));
                xml.WriteAttributeString("lines-valid", Number(figures.Total.Total));
                xml.WriteAttributeString("branches-covered", "0");
                xml.WriteAttributeString("branches-valid", "0");
                xml.WriteAttributeString("complexity", "0");
                xml.WriteAttributeString("version", "CoverWeaver " + typeof(Cobertura).Assembly.GetName().Version);
                xml.WriteAttributeString("timestamp", Number(now.ToUnixTimeSeconds()));

                xml.WriteStartElement("sources");
                if (root != null)
                {
                    xml.WriteElementString("source", root);
                }

                xml.WriteEndElement();
                xml.WriteStartElement("packages");
                foreach (var assembly in figures.Assemblies)
                {
                    xml.WriteStartElement("package");
                    xml.WriteAttributeString("name", assembly.Name);
                    Rates(xml, assembly.Lines);
                    Complexity(xml);
                    xml.WriteStartElement("classes");
                    foreach (var module in assembly.Modules)
                    {
                        foreach (var file in module.Files)
                        {
                            Class(xml, module, file, root);
                        }
                    }

                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndDocument();
            }

            return bytes.ToArray();
        }

        private static void Class(XmlWriter xml, ModuleFigures module, ModuleFile file, string? root)
        {
            xml.WriteStartElement("class");
            // The type name alone: the package already names the assembly.
            xml.WriteAttributeString("name", module.Id.Type);
            xml.WriteAttributeString("filename", root == null ? file.Path : file.Path.Substring(root.Length + (EndsWithSeparator(root) ? 0 : 1)));
            Rates(xml, file.Figure);
            Complexity(xml);

            xml.WriteStartElement("methods");
            var overloaded = new HashSet<(string, int)>(module.Builds
                .SelectMany(build => build.Module.Clauses)
                .GroupBy(c => (c.Function, c.Arity))
                .Where(g => g.Select(c => c.Clause).Distinct().Count() > 1)
                .Select(g => g.Key));
            foreach (var (clause, lines) in module.Methods(file.Path))
            {
                xml.WriteStartElement("method");
                xml.WriteAttributeString("name", clause.Function);
                // Cobertura's signature is a JVM descriptor; we know only the arity, and the clause
                // number keeps overloads of one arity apart.
                var signature = "(arity " + Number(clause.Arity) + (overloaded.Contains((clause.Function, clause.Arity)) ? ", clause " + Number(clause.Clause) : "") + ")";
                xml.WriteAttributeString("signature", signature);
                Rates(xml, Figure.Of(lines.Values));
                Complexity(xml);
                Lines(xml, lines);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            Lines(xml, file.Lines);
            xml.WriteEndElement();
        }

        private static void Lines(XmlWriter xml, SortedList<int, long> lines)
        {
            xml.WriteStartElement("lines");
            foreach (var line in lines)
            {
                xml.WriteStartElement("line");
                xml.WriteAttributeString("number", Number(line.Key));
                xml.WriteAttributeString("hits", Number(line.Value));
                xml.WriteAttributeString("branch", "false");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        private static void Rates(XmlWriter xml, Figure lines)
        {
            xml.WriteAttributeString("line-rate", lines.Rate.ToString("R", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("branch-rate", "1");
        }

        /// <summary>The DTD requires a complexity; we measure none, and 0 is a number every reader parses (NaN is not).</summary>
        private static void Complexity(XmlWriter xml) => xml.WriteAttributeString("complexity", "0");

        /// <summary>
        /// The deepest folder holding every file, for <c>&lt;source&gt;</c>, so file names stay short
        /// and a reader finds sources moved to another checkout by changing one root; null when the
        /// files share no folder (then every file name is its full path).
        /// </summary>
        internal static string? SourceRoot(IEnumerable<string> paths)
        {
            string? common = null;
            foreach (var path in paths)
            {
                var folder = Folder(path);
                if (folder == null)
                {
                    return null;
                }

                common = common == null ? folder : CommonFolder(common, folder);
                if (common == null)
                {
                    return null;
                }
            }

            return common;
        }

        /// <summary>A path's folder without its final separator (but <c>/</c> or <c>C:\</c> kept whole), or null for a bare name.</summary>
        private static string? Folder(string path)
        {
            var last = path.LastIndexOfAny(new[] { '/', '\\' });
            if (last < 0)
            {
                return null;
            }

            var folder = path.Substring(0, last);
            return folder.Length == 0 || folder.EndsWith(":", StringComparison.Ordinal) ? path.Substring(0, last + 1) : folder;
        }

        private static string? CommonFolder(string a, string b)
        {
            while (!(string.Equals(a, b, StringComparison.Ordinal) || b.StartsWith(EndsWithSeparator(a) ? a : a + Separator(b), StringComparison.Ordinal)))
            {
                var up = Folder(a);
                if (up == null || up == a)
                {
                    return null;
                }

                a = up;
            }

            return a;
        }

        private static bool EndsWithSeparator(string folder) => folder.EndsWith("/", StringComparison.Ordinal) || folder.EndsWith("\\", StringComparison.Ordinal);

        private static char Separator(string path) => path.IndexOf('\\') >= 0 && path.IndexOf('/') < 0 ? '\\' : '/';

        private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
