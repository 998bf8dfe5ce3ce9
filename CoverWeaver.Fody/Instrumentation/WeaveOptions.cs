using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// What to instrument. From <c>FodyWeavers.xml</c>, e.g.
    /// <c>&lt;CoverWeaver IncludeNamespaces="MyApp*" ExcludeTypes="*.Generated*" /&gt;</c>: patterns are
    /// separated by <c>;</c> or <c>|</c>, <c>*</c> matches any run of characters and <c>?</c> one.
    /// </summary>
    public sealed class WeaveOptions
    {
        /// <summary>Namespaces to instrument; empty means all.</summary>
        public IReadOnlyList<string> IncludeNamespaces { get; set; } = Array.Empty<string>();

        /// <summary>Namespaces never to instrument.</summary>
        public IReadOnlyList<string> ExcludeNamespaces { get; set; } = Array.Empty<string>();

        /// <summary>Types (full names, nested as <c>Outer+Inner</c>) to instrument; empty means all.</summary>
        public IReadOnlyList<string> IncludeTypes { get; set; } = Array.Empty<string>();

        /// <summary>Types never to instrument.</summary>
        public IReadOnlyList<string> ExcludeTypes { get; set; } = Array.Empty<string>();

        /// <summary>How hits are recorded; <see cref="WeaveMode.Count"/> unless configured.</summary>
        public WeaveMode Mode { get; set; } = WeaveMode.Count;

        /// <summary>Reads the weaver's element of <c>FodyWeavers.xml</c>; unknown attributes are an error, so typos do not pass silently.</summary>
        public static WeaveOptions FromXml(XElement? config)
        {
            var options = new WeaveOptions();
            if (config == null)
            {
                return options;
            }

            foreach (var attribute in config.Attributes())
            {
                var patterns = Split(attribute.Value);
                switch (attribute.Name.LocalName)
                {
                    case nameof(IncludeNamespaces):
                        options.IncludeNamespaces = patterns;
                        break;
                    case nameof(ExcludeNamespaces):
                        options.ExcludeNamespaces = patterns;
                        break;
                    case nameof(IncludeTypes):
                        options.IncludeTypes = patterns;
                        break;
                    case nameof(ExcludeTypes):
                        options.ExcludeTypes = patterns;
                        break;
                    case nameof(Mode):
                        options.Mode = ParseMode(attribute.Value, "FodyWeavers.xml: CoverWeaver Mode");
                        break;
                    default:
                        throw new WeaveException(
                            $"FodyWeavers.xml: CoverWeaver has no attribute '{attribute.Name.LocalName}'. " +
                            "Known: Mode, IncludeNamespaces, ExcludeNamespaces, IncludeTypes, ExcludeTypes.");
                }
            }

            return options;
        }

        /// <summary>Reads a mode name, <c>count</c> or <c>set</c>, in any case; anything else is an error naming <paramref name="where"/>.</summary>
        public static WeaveMode ParseMode(string value, string where)
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case "count":
                    return WeaveMode.Count;
                case "set":
                    return WeaveMode.Set;
                default:
                    throw new WeaveException($"{where} is '{value}'; it must be 'count' (exact counts) or 'set' (ran or not).");
            }
        }

        private static IReadOnlyList<string> Split(string value) =>
            value.Split(new[] { ';', '|' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(pattern => pattern.Trim())
                .Where(pattern => pattern.Length > 0)
                .ToList();
    }
}
