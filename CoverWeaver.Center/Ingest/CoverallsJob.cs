using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CoverWeaver.Data;
using CoverWeaver.Model;

namespace CoverWeaver.Center.Ingest
{
    /// <summary>
    /// A Coveralls job (<c>COVERWEAVER_PUSH_FORMAT=coveralls</c>, or any client of that format) as
    /// counts the store takes: each source file becomes a module of an assembly named
    /// <c>coveralls</c>, holding one clause whose probes are the file's executable lines, counted
    /// as the job's <c>coverage</c> array says. A file's fingerprint hashes its name, its digest and
    /// which lines are executable, so a changed file is another build of its module, as a rebuilt
    /// method is, and the job's set of files is the assembly's build.
    /// </summary>
    internal static class CoverallsJob
    {
        /// <summary>The assembly every Coveralls job's files belong to.</summary>
        public const string AssemblyName = "coveralls";

        /// <summary>The job's <c>service_job_id</c> (its process, for a CoverWeaver pusher) and its counts in the export format.</summary>
        /// <exception cref="InvalidDataException">Not a Coveralls job; the message names what is wrong.</exception>
        public static (string? JobId, byte[] Export) Read(byte[] json, string what)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("source_files", out var files) || files.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"{what} is not a Coveralls job: it needs \"source_files\": [{{\"name\", \"coverage\"}}].");
                }

                var jobId = root.TryGetProperty("service_job_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                var table = new AssemblyProbeTable { AssemblyName = AssemblyName, Mode = CountingMode.Count };
                var counts = new List<long>();
                var build = new Fnv64();
                foreach (var file in files.EnumerateArray().OrderBy(f => Name(f, what), StringComparer.Ordinal))
                {
                    var name = Name(file, what);
                    if (table.Documents.Contains(name))
                    {
                        throw new InvalidDataException($"{what}: {name} is listed twice.");
                    }

                    var digest = file.TryGetProperty("source_digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                    if (!file.TryGetProperty("coverage", out var coverage) || coverage.ValueKind != JsonValueKind.Array)
                    {
                        throw new InvalidDataException($"{what}: {name} has no \"coverage\" array.");
                    }

                    var index = table.Documents.Count;
                    table.Documents.Add(name);
                    var module = new ModuleProbes { Name = name, FirstSlot = counts.Count };
                    var clause = new ClauseProbes { Function = "lines", Arity = 0, Clause = 1, EntrySlot = counts.Count };
                    var fingerprint = new Fnv64();
                    fingerprint.Add(name);
                    fingerprint.Add(digest ?? "");
                    var number = 0;
                    foreach (var entry in coverage.EnumerateArray())
                    {
                        number++;
                        if (entry.ValueKind == JsonValueKind.Null)
                        {
                            continue;
                        }

                        if (entry.ValueKind != JsonValueKind.Number || !entry.TryGetInt64(out var count) || count < 0)
                        {
                            throw new InvalidDataException($"{what}: line {number} of {name} is neither null nor a count.");
                        }

                        clause.Lines.Add(new LineProbe(index, number, counts.Count));
                        fingerprint.Add(number);
                        counts.Add(count);
                    }

                    if (clause.Lines.Count == 0)
                    {
                        // A file with no executable line has nothing to count.
                        table.Documents.RemoveAt(index);
                        continue;
                    }

                    module.SlotCount = counts.Count - module.FirstSlot;
                    module.Fingerprint = fingerprint.Value;
                    module.Clauses.Add(clause);
                    table.Modules.Add(module);
                    build.Add(module.Name);
                    build.Add((long)module.Fingerprint);
                }

                table.SlotCount = counts.Count;
                table.BuildId = build.Value;
                var all = counts.ToArray();
                var snapshots = table.Modules.Select(m => new ModuleSnapshot(table, m, all.Skip(m.FirstSlot).Take(m.SlotCount).ToArray()));
                return (jobId, CoverageFile.Encode(snapshots));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{what} is not valid JSON: {e.Message}");
            }
        }

        private static string Name(JsonElement file, string what) =>
            file.ValueKind == JsonValueKind.Object && file.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } text
                ? text
                : throw new InvalidDataException($"{what}: a source file has no \"name\".");
    }
}
