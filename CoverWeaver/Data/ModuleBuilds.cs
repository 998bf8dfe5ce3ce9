using System;
using System.Collections.Generic;
using System.Linq;

namespace CoverWeaver.Data
{
    /// <summary>
    /// Snapshots arranged by module, each module with every build of it that the data holds: a
    /// library built for two target frameworks whose code differs between them (<c>#if</c>) is two
    /// builds of one module, whose counts are never added (the <see cref="BuildRule"/>) but whose
    /// source lines a report combines.
    /// </summary>
    internal static class ModuleBuilds
    {
        /// <summary>The snapshots grouped by module, modules and builds in the order first seen.</summary>
        /// <exception cref="ArgumentException">One build of a module appears twice: its data must be summed first (<see cref="SnapshotSum"/>).</exception>
        public static List<IReadOnlyList<ModuleSnapshot>> Group(IEnumerable<ModuleSnapshot> snapshots)
        {
            var modules = new Dictionary<ModuleId, List<ModuleSnapshot>>();
            var order = new List<List<ModuleSnapshot>>();
            foreach (var snapshot in snapshots)
            {
                if (!modules.TryGetValue(snapshot.Id, out var builds))
                {
                    builds = new List<ModuleSnapshot>();
                    modules[snapshot.Id] = builds;
                    order.Add(builds);
                }

                if (builds.Any(b => b.Module.Fingerprint == snapshot.Module.Fingerprint))
                {
                    throw new ArgumentException($"{snapshot.Id} (build {snapshot.Module.Fingerprint:x16}) appears twice; sum its data before writing a report.", nameof(snapshots));
                }

                builds.Add(snapshot);
            }

            return order.Cast<IReadOnlyList<ModuleSnapshot>>().ToList();
        }

        /// <summary>How builds are named to a person: the module's fingerprint, as the build rule's messages give it.</summary>
        public static string Name(ModuleSnapshot build) => build.Module.Fingerprint.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
