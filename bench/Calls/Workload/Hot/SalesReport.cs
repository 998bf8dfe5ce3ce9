using System;
using System.Collections.Generic;
using System.Linq;

namespace CoverWeaver.Bench.Calls.Hot
{
    // Record structs, so that every generic instantiation below is this assembly's own: the bench
    // loads several builds of it into one process, and code shared between them (LINQ over a
    // reference type) would carry one build's profile-guided guesses into the others' runs.
    public readonly record struct Sale(string Region, string Product, int Quantity, long Cents);

    public readonly record struct RegionTotal(string Region, long Total, int Sales);

    /// <summary>LINQ with lambdas: filtering, ordering on several keys, grouping and summing.</summary>
    public sealed class SalesReport
    {
        private readonly Sale[] _sales;

        public SalesReport(int count)
        {
            var random = new Random(13);
            var regions = Names.Make(random, 12, "region");
            var products = Names.Make(random, 150, "product");
            _sales = new Sale[count];
            for (var i = 0; i < count; i++)
            {
                _sales[i] = new Sale(regions[random.Next(regions.Length)], products[random.Next(products.Length)], random.Next(1, 8), random.Next(100, 50_000));
            }
        }

        public long Pass()
        {
            var top = _sales
                .Where(s => s.Quantity > 1)
                .OrderBy(s => s.Region, StringComparer.Ordinal)
                .ThenByDescending(s => s.Cents)
                .ThenBy(s => s.Product, StringComparer.Ordinal)
                .Take(50)
                .ToList();
            long result = top.Sum(s => s.Cents);

            List<RegionTotal> regions = _sales
                .GroupBy(s => s.Region)
                .Select(g => new RegionTotal(g.Key, g.Sum(s => s.Cents * s.Quantity), g.Count()))
                .OrderByDescending(r => r.Total)
                .ToList();
            result += regions[0].Total + regions.Count;

            result += _sales.Where(s => s.Product.Length > 11).Sum(s => s.Quantity);
            return result;
        }
    }
}
