using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace CoverWeaver.Center.Gateway
{
    /// <summary>
    /// The targets file, in the spirit of Prometheus' file-based discovery: a JSON array of groups,
    /// each a service with its token and its targets, re-read whenever it changes.
    /// <code>
    /// [
    ///   { "service": "hello", "token": "s3cret",
    ///     "targets": [ "http://127.0.0.1:9464", { "url": "http://127.0.0.1:9465", "data": "/srv/hello-b/coverage" } ] }
    /// ]
    /// </code>
    /// A target is a URL, or an object with its <c>url</c>, its own <c>token</c> and the <c>data</c>
    /// directory its process keeps counter files in (relative to the file's folder).
    /// </summary>
    internal static class TargetsFile
    {
        /// <summary>Reads the file; a problem is an <see cref="InvalidDataException"/> naming the file, the entry and the fix.</summary>
        public static List<TargetSpec> Read(string path)
        {
            var full = Path.GetFullPath(path);
            string text;
            try
            {
                text = File.ReadAllText(full);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new InvalidDataException($"Cannot read the targets file {full}: {e.Message}");
            }

            return Parse(text, full, Path.GetDirectoryName(full)!);
        }

        /// <summary>Reads targets from JSON; a relative <c>data</c> directory is taken from <paramref name="folder"/>, the file's.</summary>
        public static List<TargetSpec> Parse(string text, string what, string folder)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The targets file {what} is not valid JSON: {e.Message}");
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"The targets file {what} must hold a JSON array of groups: [{{\"service\": \"name\", \"targets\": [\"http://host:port\"]}}].");
                }

                var targets = new List<TargetSpec>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var index = 0;
                foreach (var group in document.RootElement.EnumerateArray())
                {
                    var where = $"The targets file {what}, group {index++}";
                    if (group.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidDataException($"{where} is not an object with \"service\" and \"targets\".");
                    }

                    var service = String(group, "service", where);
                    var problem = TargetSpec.ServiceProblem(service);
                    if (problem != null)
                    {
                        throw new InvalidDataException($"{where}: {problem}");
                    }

                    var token = String(group, "token", where);
                    if (!group.TryGetProperty("targets", out var list) || list.ValueKind != JsonValueKind.Array)
                    {
                        throw new InvalidDataException($"{where} ({service}) has no \"targets\" array of URLs.");
                    }

                    foreach (var entry in list.EnumerateArray())
                    {
                        var (url, ownToken, data) = entry.ValueKind switch
                        {
                            JsonValueKind.String => (entry.GetString(), null, null),
                            JsonValueKind.Object => (String(entry, "url", where), String(entry, "token", where), String(entry, "data", where)),
                            _ => throw new InvalidDataException($"{where} ({service}): a target is a URL string or an object with \"url\"."),
                        };
                        if (url == null || TargetSpec.UrlProblem(TargetSpec.Normalize(url)) is string bad)
                        {
                            throw new InvalidDataException($"{where} ({service}): {(url == null ? "a target object has no \"url\"." : TargetSpec.UrlProblem(TargetSpec.Normalize(url)))}");
                        }

                        var normalized = TargetSpec.Normalize(url);
                        if (!seen.Add(normalized))
                        {
                            throw new InvalidDataException($"{where} ({service}): {normalized} is listed twice; a process belongs to one service.");
                        }

                        targets.Add(new TargetSpec(service!, normalized, ownToken ?? token, data == null ? null : Path.GetFullPath(data, folder), "file"));
                    }
                }

                return targets;
            }
        }

        private static string? String(JsonElement element, string name, string where)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new InvalidDataException($"{where}: \"{name}\" must be a string.");
        }
    }
}
