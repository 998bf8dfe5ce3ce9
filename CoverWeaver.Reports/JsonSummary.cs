using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using CoverWeaver.Data;

namespace CoverWeaver.Reports
{
    /// <summary>
    /// Writes <c>coverage.json</c>, our summary for scripts and dashboards. Every figure counts
    /// distinct source lines (see <see cref="LineFigures"/>) and is an object
    /// <c>{"covered":C,"total":T,"percent":P}</c>, P being C*100/T rounded to two decimals (null
    /// when T is 0):
    /// <code>
    /// { "format": "coverweaver-summary/1",
    ///   "total": figure,
    ///   "assemblies": [ { "name": "Lib", "lines": figure,
    ///     "modules": [ { "name": "Ns.Type", "qualified": "Ns.Type, Lib", "lines": figure,
    ///       "files": [ { "path": "/src/Type.cs", "lines": figure } ] } ] } ],
    ///   "files": [ { "path": "/src/Type.cs", "lines": figure } ] }
    /// </code>
    /// Assemblies, modules and files come in ordinal order. A module's <c>files</c> count its own
    /// lines in each file; the top-level <c>files</c> count every module's lines of the file once.
    /// </summary>
    internal static class JsonSummary
    {
        public const string FileName = "coverage.json";

        public const string Format = "coverweaver-summary/1";

        public static string Write(IEnumerable<ModuleSnapshot> snapshots)
        {
            var figures = LineFigures.Of(snapshots);
            var stream = new System.IO.MemoryStream();
            // Relaxed escaping keeps names readable (a generic's backtick, a nested type's plus);
            // the writer still escapes quotes, backslashes and control characters.
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("format", Format);
                Figure(json, "total", figures.Total);
                json.WriteStartArray("assemblies");
                foreach (var assembly in figures.Assemblies)
                {
                    json.WriteStartObject();
                    json.WriteString("name", assembly.Name);
                    Figure(json, "lines", assembly.Lines);
                    json.WriteStartArray("modules");
                    foreach (var module in assembly.Modules)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", module.Id.Type);
                        json.WriteString("qualified", module.Id.Qualified);
                        Figure(json, "lines", module.Lines);
                        json.WriteStartArray("files");
                        foreach (var file in module.Files)
                        {
                            File(json, file.Path, file.Figure);
                        }

                        json.WriteEndArray();
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("files");
                foreach (var file in figures.Files)
                {
                    File(json, file.Key, Reports.Figure.Of(file.Value.Values));
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        private static void File(Utf8JsonWriter json, string path, Figure lines)
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            Figure(json, "lines", lines);
            json.WriteEndObject();
        }

        private static void Figure(Utf8JsonWriter json, string name, Figure figure)
        {
            json.WriteStartObject(name);
            json.WriteNumber("covered", figure.Covered);
            json.WriteNumber("total", figure.Total);
            if (figure.Total == 0)
            {
                json.WriteNull("percent");
            }
            else
            {
                // The same rounding as the table and the HTML, at two decimals.
                json.WritePropertyName("percent");
                json.WriteRawValue(Percent.Format(figure, 2));
            }

            json.WriteEndObject();
        }
    }
}
