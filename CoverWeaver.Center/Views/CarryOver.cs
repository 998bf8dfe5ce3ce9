using System.Collections.Generic;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Model;

namespace CoverWeaver.Center.Views
{
    /// <summary>A method whose counts an older build lent to a newer one: its module, its name as <c>Function/Arity#Clause</c> in the newer build, and the older build.</summary>
    internal readonly record struct CarriedMethod(string Module, string Method, string From);

    /// <summary>
    /// Which counts of an older build of a module are counts of a newer build's code, and where
    /// they go. A method's identity across builds is its module's name, its function, its arity
    /// and its clause fingerprint (the weaver's hash of its signature, IL, generated pieces' IL,
    /// lines relative to its first line, and counting mode): an identical method counts alike,
    /// wherever it moved, so its counters are mapped by their position within the clause (entry,
    /// then each line's counters in order). A method that changed, or whose identity is not unique
    /// on either side, starts at zero. Tables written before the weaver recorded clause
    /// fingerprints carry a module only as a whole, when its fingerprint is equal.
    /// </summary>
    internal static class CarryOver
    {
        /// <summary>
        /// Adds into <paramref name="counts"/> (the newer module's, indexed from its first slot) the
        /// counts the older module earned in methods the newer one still has unchanged, read from
        /// <paramref name="olderCounts"/> (the older build's whole assembly), and lists them in <paramref name="carried"/>.
        /// </summary>
        public static void AddInto(long[] counts, ModuleProbes newer, ModuleProbes older, long[] olderCounts, string olderBuild, List<CarriedMethod>? carried)
        {
            foreach (var (from, to) in Matches(older, newer))
            {
                var map = SlotMap(from, to);
                if (map == null)
                {
                    continue;
                }

                var own = map.Select(pair => counts[pair.To - newer.FirstSlot]).ToArray();
                SnapshotSum.AddInto(own, map.Select(pair => olderCounts[pair.From]).ToArray(), $"method {Name(to)} of {newer.Name} carried from build {olderBuild}");
                for (var i = 0; i < map.Count; i++)
                {
                    counts[map[i].To - newer.FirstSlot] = own[i];
                }

                carried?.Add(new CarriedMethod(newer.Name, Name(to), olderBuild));
            }
        }

        /// <summary>The clauses of <paramref name="newer"/> paired with their unchanged selves in <paramref name="older"/>.</summary>
        private static IEnumerable<(ClauseProbes From, ClauseProbes To)> Matches(ModuleProbes older, ModuleProbes newer)
        {
            if (Unchanged(older, newer))
            {
                // Every method is the same and in the same place: this also serves tables without clause fingerprints.
                return older.Clauses.Zip(newer.Clauses, (from, to) => (from, to));
            }

            var before = Unique(older);
            return Unique(newer).Where(pair => before.ContainsKey(pair.Key)).Select(pair => (before[pair.Key], pair.Value));
        }

        /// <summary>The module's clauses by identity, leaving out those without a fingerprint and identities shared by two clauses.</summary>
        private static Dictionary<(string, int, ulong), ClauseProbes> Unique(ModuleProbes module) =>
            module.Clauses.Where(c => c.Fingerprint.HasValue)
                .GroupBy(c => (c.Function, c.Arity, c.Fingerprint!.Value))
                .Where(g => g.Count() == 1)
                .ToDictionary(g => g.Key, g => g.Single());

        /// <summary>
        /// Each counter of <paramref name="from"/> with the counter at the same position in
        /// <paramref name="to"/>; null unless the two clauses have the same shape (a counter shared
        /// by two positions in one is shared by the same positions in the other), which equal
        /// fingerprints promise, checked so that a hash collision cannot mix counts.
        /// </summary>
        private static List<(int From, int To)>? SlotMap(ClauseProbes from, ClauseProbes to)
        {
            if (from.Lines.Count != to.Lines.Count || from.Lines.Where((line, i) => line.Plus.Length != to.Lines[i].Plus.Length).Any())
            {
                return null;
            }

            var a = Positions(from);
            var b = Positions(to);

            var forward = new Dictionary<int, int>();
            var backward = new Dictionary<int, int>();
            for (var i = 0; i < a.Count; i++)
            {
                if ((forward.TryGetValue(a[i], out var mapped) && mapped != b[i]) || (backward.TryGetValue(b[i], out var back) && back != a[i]))
                {
                    return null;
                }

                forward[a[i]] = b[i];
                backward[b[i]] = a[i];
            }

            return forward.Select(pair => (pair.Key, pair.Value)).ToList();
        }

        private static List<int> Positions(ClauseProbes clause)
        {
            var slots = new List<int> { clause.EntrySlot };
            foreach (var line in clause.Lines)
            {
                slots.Add(line.Slot);
                slots.AddRange(line.Plus);
            }

            return slots;
        }

        private static string Name(ClauseProbes clause) => $"{clause.Function}/{clause.Arity}#{clause.Clause}";

        /// <summary>
        /// Whether a module's code is the same in two builds, so that counts of one are counts of
        /// the other. The weaver's module fingerprint hashes every method's name, arity, clause,
        /// executable lines (file and line) and IL, and the counting mode: equal fingerprints mean
        /// every method of the module is unchanged. The counters are then laid out alike relative
        /// to the module's first slot (the slots are planned from that code alone), which is checked
        /// too, since the module may start at another slot when a module before it changed.
        /// </summary>
        public static bool Unchanged(ModuleProbes a, ModuleProbes b)
        {
            if (a.Fingerprint != b.Fingerprint || a.SlotCount != b.SlotCount || a.Clauses.Count != b.Clauses.Count)
            {
                return false;
            }

            for (var c = 0; c < a.Clauses.Count; c++)
            {
                var (x, y) = (a.Clauses[c], b.Clauses[c]);
                if (x.EntrySlot - a.FirstSlot != y.EntrySlot - b.FirstSlot || x.Lines.Count != y.Lines.Count)
                {
                    return false;
                }

                for (var l = 0; l < x.Lines.Count; l++)
                {
                    var (p, q) = (x.Lines[l], y.Lines[l]);
                    if (p.Line != q.Line || p.Slot - a.FirstSlot != q.Slot - b.FirstSlot || p.Plus.Length != q.Plus.Length ||
                        p.Plus.Where((s, i) => s - a.FirstSlot != q.Plus[i] - b.FirstSlot).Any())
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
