namespace Inventory
{
    /// <summary>Prices with volume discounts. The xUnit project tests it.</summary>
    public static class Pricing
    {
        public static decimal Total(decimal unitPrice, int count)
        {
            var total = unitPrice * count;
            if (count >= 100)
            {
                return total * 0.90m;
            }

            if (count >= 10)
            {
                return total * 0.95m;
            }

            return total;
        }

        public static decimal WithTax(decimal amount, decimal rate)
        {
            return amount * (1 + rate);
        }
    }
}
