using System;

namespace CoverWeaver.Bench.Calls.Hot
{
    public enum Category
    {
        Food,
        Books,
        Clothing,
        Electronics,
        Toys,
    }

    /// <summary>An order line: a record struct whose properties the pricing switch reads.</summary>
    public readonly record struct LineItem(Category Category, int Quantity, int UnitCents, bool Taxable, bool Member);

    /// <summary>A switch statement and a switch expression over a record struct's properties, per line item.</summary>
    public sealed class Pricing
    {
        private readonly LineItem[] _items;

        public Pricing(int count)
        {
            var random = new Random(12);
            _items = new LineItem[count];
            for (var i = 0; i < count; i++)
            {
                _items[i] = new LineItem((Category)random.Next(5), random.Next(1, 20), random.Next(50, 30_000), random.Next(4) != 0, random.Next(3) == 0);
            }
        }

        public long Pass()
        {
            long total = 0;
            foreach (var item in _items)
            {
                long price;
                switch (item.Category)
                {
                    case Category.Food:
                        price = item.Quantity * item.UnitCents;
                        break;
                    case Category.Books when item.Quantity >= 10:
                        price = item.Quantity * item.UnitCents * 9 / 10;
                        break;
                    case Category.Electronics when item.Member:
                        price = item.Quantity * (item.UnitCents - 500);
                        break;
                    default:
                        price = item.Quantity * item.UnitCents;
                        break;
                }

                total += price + Tax(item, price);
            }

            return total;
        }

        private static long Tax(LineItem item, long price) => item switch
        {
            { Taxable: false } => 0,
            { Category: Category.Food } => price * 5 / 100,
            { Category: Category.Books, Member: true } => price * 3 / 100,
            { Member: true, UnitCents: > 10_000 } => price * 15 / 100,
            _ => price * 20 / 100,
        };
    }
}
