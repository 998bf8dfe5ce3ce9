namespace CoverWeaver.Runtime
{
    /// <summary>What imports, nodes and late-loading assemblies all do to a store: add a module's counts recorded elsewhere.</summary>
    internal static class CounterStoreExtensions
    {
        /// <summary>Adds <paramref name="counts"/> to the slots starting at <paramref name="first"/>, skipping zeros.</summary>
        public static void AddRange(this ICounterStore store, int first, long[] counts)
        {
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] != 0)
                {
                    store.Add(first + i, counts[i]);
                }
            }
        }
    }
}
