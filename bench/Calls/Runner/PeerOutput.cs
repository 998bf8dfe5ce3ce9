using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using CoverWeaver.Bench.Calls.Harness;

namespace CoverWeaver.Bench.Calls.Runner
{
    /// <summary>Reads a peer's coverage file: it must have seen the hot code run (Fib's line hit), or its ratio means nothing.</summary>
    internal static class PeerOutput
    {
        public static Verdict Check(string peer, string path)
        {
            if (!File.Exists(path))
            {
                return new Verdict(false, $"no coverage file at {path}", new System.Collections.Generic.HashSet<string>());
            }

            return peer switch
            {
                "coverlet" => Coverlet(path),
                "mscov" => Cobertura(path),
                _ => throw new ArgumentException($"Unknown peer '{peer}': expected coverlet or mscov."),
            };
        }

        // coverlet.json: module → file → class → method → { "Lines": { "line": hits } }.
        private static Verdict Coverlet(string path)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            long lines = 0, covered = 0, fibHits = 0;
            foreach (var module in json.RootElement.EnumerateObject())
            {
                foreach (var file in module.Value.EnumerateObject())
                {
                    foreach (var type in file.Value.EnumerateObject())
                    {
                        foreach (var method in type.Value.EnumerateObject())
                        {
                            foreach (var line in method.Value.GetProperty("Lines").EnumerateObject())
                            {
                                var hits = line.Value.GetInt64();
                                lines++;
                                covered += hits > 0 ? 1 : 0;
                                if (method.Name.Contains("::Fib(", StringComparison.Ordinal))
                                {
                                    fibHits += hits;
                                }
                            }
                        }
                    }
                }
            }

            // The count itself depends on how many warm-up rounds the process ran, so only its presence is said.
            return new Verdict(fibHits > 0, $"coverage.json: {covered} of {lines} lines hit, Fib's line among them (counted)", new System.Collections.Generic.HashSet<string>());
        }

        // Cobertura: <class name=...><methods><method name=...><lines><line number= hits=/>.
        private static Verdict Cobertura(string path)
        {
            var document = XDocument.Load(path);
            var lines = document.Descendants("class").SelectMany(c => c.Element("lines")?.Elements("line") ?? Enumerable.Empty<XElement>()).ToList();
            var covered = lines.Count(l => (long)l.Attribute("hits")! > 0);
            var fib = document.Descendants("method").Where(m => (string?)m.Attribute("name") == "Fib")
                .SelectMany(m => m.Descendants("line")).Sum(l => (long)l.Attribute("hits")!);
            return new Verdict(fib > 0, $"Cobertura report: {covered} of {lines.Count} lines hit; Fib's line hits: {fib} (hit or not)", new System.Collections.Generic.HashSet<string>());
        }
    }
}
