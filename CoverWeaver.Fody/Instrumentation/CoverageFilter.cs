using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Mono.Cecil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>Decides which user types and methods get probes: configured patterns, and <c>[ExcludeFromCodeCoverage]</c>.</summary>
    internal sealed class CoverageFilter
    {
        private readonly Regex[] _includeNamespaces;
        private readonly Regex[] _excludeNamespaces;
        private readonly Regex[] _includeTypes;
        private readonly Regex[] _excludeTypes;

        public CoverageFilter(WeaveOptions options)
        {
            _includeNamespaces = Compile(options.IncludeNamespaces);
            _excludeNamespaces = Compile(options.ExcludeNamespaces);
            _includeTypes = Compile(options.IncludeTypes);
            _excludeTypes = Compile(options.ExcludeTypes);
        }

        public bool Includes(TypeDefinition type)
        {
            for (var t = type; t != null; t = t.DeclaringType)
            {
                if (IsExcludedByAttribute(t))
                {
                    return false;
                }
            }

            var ns = Outermost(type).Namespace;
            var name = Names.ModuleName(type);
            return Allowed(ns, _includeNamespaces, _excludeNamespaces) && Allowed(name, _includeTypes, _excludeTypes);
        }

        public bool Includes(MethodDefinition method)
        {
            if (IsExcludedByAttribute(method))
            {
                return false;
            }

            // An attribute on a property or event covers its accessors.
            var type = method.DeclaringType;
            if (type.HasProperties && type.Properties.Any(p => (p.GetMethod == method || p.SetMethod == method) && IsExcludedByAttribute(p)))
            {
                return false;
            }

            return !type.HasEvents || !type.Events.Any(e =>
                (e.AddMethod == method || e.RemoveMethod == method || e.InvokeMethod == method) && IsExcludedByAttribute(e));
        }

        private static bool IsExcludedByAttribute(ICustomAttributeProvider provider)
        {
            // Matched by name, so a project's own ExcludeFromCodeCoverageAttribute works too.
            return provider.HasCustomAttributes &&
                   provider.CustomAttributes.Any(a => a.AttributeType.Name == "ExcludeFromCodeCoverageAttribute");
        }

        private static TypeDefinition Outermost(TypeDefinition type)
        {
            while (type.DeclaringType != null)
            {
                type = type.DeclaringType;
            }

            return type;
        }

        private static bool Allowed(string value, Regex[] include, Regex[] exclude)
        {
            return (include.Length == 0 || include.Any(r => r.IsMatch(value))) && !exclude.Any(r => r.IsMatch(value));
        }

        private static Regex[] Compile(IEnumerable<string> patterns)
        {
            return patterns
                .Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.CultureInvariant))
                .ToArray();
        }
    }
}
