namespace CoverWeaver.Runtime
{
    /// <summary>
    /// The counters of one woven assembly, however woven code writes them. Readers never write
    /// what woven code writes, so reading and resetting under load lose no hit and count none twice.
    /// </summary>
    internal interface ICounterStore
    {
        int SlotCount { get; }

        /// <summary>Copies the current counts of <paramref name="count"/> slots from <paramref name="first"/>.</summary>
        void ReadRange(int first, int count, long[] into);

        /// <summary>Adds counts recorded elsewhere (an import).</summary>
        void Add(int slot, long value);

        /// <summary>
        /// Takes the counts of a range and starts them again from zero, as one step per slot: a hit
        /// racing with it is either in what is returned or in what is counted next.
        /// </summary>
        void ReadAndReset(int first, int count, long[]? into);

        /// <summary>
        /// From now on, keeps the counters woven code writes in <paramref name="files"/>. Called once,
        /// before woven code is given any address; returns false (and changes nothing) otherwise.
        /// </summary>
        bool PersistTo(Persistence.LiveCounterFiles files);
    }
}
