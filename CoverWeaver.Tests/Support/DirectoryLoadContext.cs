using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// A collectible load context that finds dependencies in one directory, except the CoverWeaver
    /// runtime, which it takes from the default context so that woven code counts into the same
    /// counters the tests analyse.
    /// </summary>
    internal sealed class DirectoryLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;

        public DirectoryLoadContext(string name, string directory)
            : base(name, isCollectible: true)
        {
            _directory = directory;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (string.Equals(assemblyName.Name, typeof(Cover).Assembly.GetName().Name, StringComparison.Ordinal))
            {
                return typeof(Cover).Assembly;
            }

            var candidate = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null; // null: the framework, from the default context
        }
    }
}
