using CoverWeaver.Data;

namespace CoverWeaver.Nodes
{
    /// <summary>
    /// One module's counts from one node, kept so that nothing the node counted is lost or counted
    /// twice: what flushes took from it (<see cref="Accumulated"/>), what it reported last
    /// (<see cref="Last"/>), and the part of that a reset here discounted (<see cref="Baseline"/>).
    /// The node's total is <c>Accumulated + Last - Baseline</c>.
    /// </summary>
    internal sealed class NodeModule
    {
        public NodeModule(ModuleSnapshot build)
        {
            Build = build;
            var n = build.Counts.Length;
            Accumulated = new long[n];
            Last = new long[n];
            Baseline = new long[n];
        }

        /// <summary>The module's table as the node sent it; used when this process lacks the module.</summary>
        public ModuleSnapshot Build { get; }

        public long[] Accumulated { get; }

        public long[] Last { get; private set; }

        public long[] Baseline { get; private set; }

        /// <summary>
        /// Takes the node's current counts. A counter lower than last time means the node restarted
        /// (or someone else reset it): what it had counted before is kept, not dropped.
        /// </summary>
        public void Observe(long[] current)
        {
            for (var i = 0; i < current.Length; i++)
            {
                if (current[i] < Last[i])
                {
                    FoldLast();
                    break;
                }
            }

            Last = (long[])current.Clone();
        }

        /// <summary>Counts taken with a reset on the node: they move into <see cref="Accumulated"/>, and the node starts again from zero.</summary>
        public void Collect(long[] taken)
        {
            Observe(taken);
            FoldLast();
        }

        /// <summary>Forgets everything this node counted so far, as a reset here does, without touching the node.</summary>
        public void Reset()
        {
            System.Array.Clear(Accumulated, 0, Accumulated.Length);
            Baseline = (long[])Last.Clone();
        }

        public long[] Total()
        {
            var total = new long[Last.Length];
            for (var i = 0; i < total.Length; i++)
            {
                total[i] = Accumulated[i] + Last[i] - Baseline[i];
            }

            return total;
        }

        private void FoldLast()
        {
            for (var i = 0; i < Last.Length; i++)
            {
                Accumulated[i] += Last[i] - Baseline[i];
            }

            Last = new long[Last.Length];
            Baseline = new long[Last.Length];
        }
    }
}
