using System.Collections.Generic;
using CoverWeaver.Model;

namespace CoverWeaver.Data
{
    /// <summary>
    /// Probe tables already parsed, with the exact bytes they were parsed from: what reads the same
    /// tables again and again (the coverage center pulling a fleet) compares bytes instead of parsing.
    /// Equal bytes are the same table, so nothing is taken on trust. Keeps the most recent
    /// <see cref="Capacity"/> tables.
    /// </summary>
    internal sealed class DecodedTables
    {
        public const int Capacity = 256;

        private readonly object _gate = new object();
        private readonly LinkedList<(byte Version, byte[] Encoded, AssemblyProbeTable Table)> _recent = new LinkedList<(byte, byte[], AssemblyProbeTable)>();

        /// <summary>Reads the table of format <paramref name="version"/> at the reader's position, from the cache when its bytes are there.</summary>
        public AssemblyProbeTable Read(ByteReader reader, byte version)
        {
            lock (_gate)
            {
                for (var node = _recent.First; node != null; node = node.Next)
                {
                    if (node.Value.Version == version && reader.SkipIfNext(node.Value.Encoded))
                    {
                        _recent.Remove(node);
                        _recent.AddFirst(node);
                        return node.Value.Table;
                    }
                }
            }

            var start = reader.Position;
            var table = ProbeTableCodec.Read(reader, version);
            var encoded = reader.ReadSince(start);
            lock (_gate)
            {
                _recent.AddFirst((version, encoded, table));
                if (_recent.Count > Capacity)
                {
                    _recent.RemoveLast();
                }
            }

            return table;
        }
    }
}
