using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoverWeaver.Tool.Instrumenting
{
    /// <summary>
    /// Lists the runtime in an application's <c>.deps.json</c>. When that file exists, the .NET host
    /// loads only the assemblies it lists, so a <c>CoverWeaver.dll</c> merely copied beside a
    /// published app is never found and woven code fails with FileNotFoundException. A build with
    /// the package lists it by itself; for binaries woven after the fact, the tool adds the entry.
    /// </summary>
    internal static class DepsFile
    {
        private const string RuntimeName = "CoverWeaver";

        /// <summary>
        /// Adds the runtime (of <paramref name="version"/>) to the deps file's runtime target unless it
        /// lists <c>CoverWeaver.dll</c> already. Returns the new text, or null when nothing needs to change.
        /// </summary>
        public static string? WithRuntime(string json, Version version, string what)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(json);
            }
            catch (JsonException e)
            {
                throw ToolException.Input($"{what} is not valid JSON ({e.Message}). Publish the application again to get a sound one.");
            }

            var targetName = root?["runtimeTarget"]?["name"]?.GetValue<string>();
            var target = targetName == null ? null : root?["targets"]?[targetName] as JsonObject;
            var libraries = root?["libraries"] as JsonObject;
            if (target == null || libraries == null)
            {
                throw ToolException.Input($"{what} has no runtime target or libraries section, so the runtime cannot be listed in it. Publish the application again to get a sound one.");
            }

            foreach (var library in target)
            {
                if (library.Value?["runtime"] is JsonObject runtime && runtime.Any(asset => string.Equals(Path.GetFileName(asset.Key), WovenFolder.RuntimeFile, StringComparison.OrdinalIgnoreCase)))
                {
                    return null;
                }
            }

            var key = $"{RuntimeName}/{version.ToString(3)}";
            target[key] = new JsonObject
            {
                ["runtime"] = new JsonObject
                {
                    [WovenFolder.RuntimeFile] = new JsonObject
                    {
                        ["assemblyVersion"] = version.ToString(),
                        ["fileVersion"] = version.ToString(),
                    },
                },
            };
            // "project": an assembly that lies in the application's own folder, as a project reference's does.
            libraries[key] = new JsonObject
            {
                ["type"] = "project",
                ["serviceable"] = false,
                ["sha512"] = "",
            };
            return root!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }
    }
}
