using Xunit;

namespace Inventory.XunitTests
{
    public sealed class PricingTests
    {
        [Fact]
        public void SmallOrdersPayTheUnitPrice()
        {
            Assert.Equal(6m, Pricing.Total(2m, 3));
        }

        [Fact]
        public void TenOrMoreGetFivePercentOff()
        {
            Assert.Equal(19m, Pricing.Total(2m, 10));
        }
    }
}
