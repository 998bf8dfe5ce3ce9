using System;
using System.Collections.Generic;
using System.Linq;

namespace CoverWeaver.Data
{
    /// <summary>
    /// What a module is, everywhere: the simple name of the assembly that declares it and its type
    /// name as <c>Type.FullName</c> prints it. Two assemblies may each declare a type of the same
    /// name; they are two modules. Written as .NET writes an assembly-qualified name,
    /// <c>Type, Assembly</c>, where a type name alone would be ambiguous.
    /// </summary>
    internal readonly struct ModuleId : IEquatable<ModuleId>
    {
        public ModuleId(string assembly, string type)
        {
            Assembly = assembly;
            Type = type;
        }

        public string Assembly { get; }

        public string Type { get; }

        /// <summary>The qualified form, <c>Type, Assembly</c>.</summary>
        public string Qualified => Type + ", " + Assembly;

        /// <summary>
        /// Reads <c>Type</c> (assembly left open) or <c>Type, Assembly</c>; further parts of an
        /// assembly-qualified name (<c>, Version=…</c>) are ignored.
        /// </summary>
        public static (string Type, string? Assembly) Parse(string name)
        {
            // A generic type definition's full name has no comma; a constructed one is not a module.
            var comma = name.IndexOf(',');
            if (comma < 0)
            {
                return (name.Trim(), null);
            }

            var rest = name.Substring(comma + 1);
            var next = rest.IndexOf(',');
            return (name.Substring(0, comma).Trim(), (next < 0 ? rest : rest.Substring(0, next)).Trim());
        }

        /// <summary>The error for a type name several assemblies declare: it names them and the form that picks one.</summary>
        public static ArgumentException Ambiguous(string type, IReadOnlyList<ModuleId> modules, string parameter) =>
            new ArgumentException(
                $"'{type}' names {modules.Count} modules, one in each of the woven assemblies {string.Join(", ", modules.Select(id => id.Assembly))}; " +
                $"name one as '{type}, {modules[0].Assembly}'.", parameter);

        public bool Equals(ModuleId other) => string.Equals(Assembly, other.Assembly, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is ModuleId other && Equals(other);

        public override int GetHashCode() => unchecked((StringComparer.Ordinal.GetHashCode(Assembly ?? "") * 397) ^ StringComparer.Ordinal.GetHashCode(Type ?? ""));

        public override string ToString() => Qualified;
    }
}
