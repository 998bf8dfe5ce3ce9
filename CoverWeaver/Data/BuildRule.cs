using CoverWeaver.Model;

namespace CoverWeaver.Data
{
    /// <summary>
    /// The one rule for summing a module's data, used wherever counts meet: imports, counter
    /// files, nodes, and an assembly that loads after its data was imported. Counts may be added
    /// only to counts of the same probe table (fingerprint), the same number of counters and the
    /// same counting mode: exact counts and set-mode bytes of one module mean different things.
    /// </summary>
    internal static class BuildRule
    {
        /// <summary>
        /// Null when <paramref name="incoming"/> may be added to <paramref name="existing"/>;
        /// otherwise what differs, naming both sides, for a message that starts with the module's name.
        /// </summary>
        public static string? Mismatch(ModuleBuild existing, ModuleBuild incoming)
        {
            if (existing.Mode != incoming.Mode)
            {
                return $"it was counted in {Word(incoming.Mode)} mode, and {existing.Where} counts it in {Word(existing.Mode)} mode";
            }

            if (existing.Fingerprint != incoming.Fingerprint || existing.Slots != incoming.Slots)
            {
                return $"it comes from another build of it (build {incoming.Fingerprint:x16}, {incoming.Slots} counters; " +
                       $"{existing.Where} has build {existing.Fingerprint:x16}, {existing.Slots} counters)";
            }

            return null;
        }

        /// <summary>The word users write for a mode: <c>-p:CoverWeaveMode=count|set</c>.</summary>
        public static string Word(CountingMode mode) => mode == CountingMode.Set ? "set" : "count";
    }

    /// <summary>What the build rule compares of a module's data, and where that data is (for messages).</summary>
    internal readonly struct ModuleBuild
    {
        public ModuleBuild(ulong fingerprint, int slots, CountingMode mode, string where)
        {
            Fingerprint = fingerprint;
            Slots = slots;
            Mode = mode;
            Where = where;
        }

        public ulong Fingerprint { get; }

        public int Slots { get; }

        public CountingMode Mode { get; }

        /// <summary>Where this build is: "this process", "node http://…", a file.</summary>
        public string Where { get; }

        public static ModuleBuild Of(AssemblyProbeTable assembly, ModuleProbes module, string where) =>
            new ModuleBuild(module.Fingerprint, module.SlotCount, assembly.Mode, where);
    }
}
