using System;
using System.Collections.Generic;

namespace Inventory
{
    /// <summary>Items on hand, by name. The MSTest project tests it.</summary>
    public sealed class Stock
    {
        private readonly Dictionary<string, int> _items = new Dictionary<string, int>(StringComparer.Ordinal);

        public int this[string item] => _items.TryGetValue(item, out var count) ? count : 0;

        public void Receive(string item, int count)
        {
            if (count <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(count), "A delivery brings at least one item.");
            }

            _items[item] = this[item] + count;
        }

        public bool Ship(string item, int count)
        {
            var onHand = this[item];
            if (onHand < count)
            {
                return false;
            }

            _items[item] = onHand - count;
            return true;
        }

        public int Audit()
        {
            var total = 0;
            foreach (var count in _items.Values)
            {
                total += count;
            }

            return total;
        }
    }
}
