using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;

namespace CoverWeaver.Bench.Calls.Harness
{
    /// <summary>
    /// One built copy of the workload assembly (plain, woven in some mode, or instrumented by a
    /// peer), loaded by path, with its catalog's workloads plus the two-thread one.
    /// </summary>
    public sealed class Variant
    {
        /// <summary>The catalog's workload run on two threads at once, so both hit the same lines.</summary>
        public const string SharedWorkload = "tokenizer";

        private Variant(string name, Assembly assembly, IReadOnlyList<Workload> workloads)
        {
            Name = name;
            Assembly = assembly;
            Workloads = workloads;
        }

        /// <summary>plain, again, cold, count, set, coverlet or mscov: what <see cref="Collected"/> expects of it.</summary>
        public string Name { get; }

        public Assembly Assembly { get; }

        public IReadOnlyList<Workload> Workloads { get; }

        /// <summary>Loads the assembly at <paramref name="path"/> into the default context (each copy has an assembly name of its own).</summary>
        public static Variant Load(string name, string path)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"No workload assembly for variant '{name}' at {path}: build it with bench/Calls/run.sh.", path);
            }

            return Of(name, AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path)));
        }

        /// <summary>The variant made of an assembly already loaded (the test host's own reference).</summary>
        public static Variant Of(string name, Assembly assembly)
        {
            var catalog = assembly.GetType("CoverWeaver.Bench.Calls.Catalog", throwOnError: true)!;
            var entries = (IReadOnlyList<(string Name, int Passes, Func<long> Pass)>)catalog.GetMethod("Create")!.Invoke(null, null)!;
            var workloads = entries.Select(e => new Workload(e.Name, e.Passes, e.Pass)).ToList();
            var shared = workloads.Single(w => w.Name == SharedWorkload);
            workloads.Add(new Workload(SharedWorkload + "-2-threads", shared.Passes, shared.Pass, threads: 2));
            return new Variant(name, assembly, workloads);
        }
    }
}
