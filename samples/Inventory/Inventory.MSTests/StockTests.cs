using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inventory.MSTests
{
    [TestClass]
    public sealed class StockTests
    {
        [TestMethod]
        public void ReceivingAddsToWhatIsOnHand()
        {
            var stock = new Stock();
            stock.Receive("bolt", 3);
            stock.Receive("bolt", 4);

            Assert.AreEqual(7, stock["bolt"]);
        }

        [TestMethod]
        public void ShippingMoreThanOnHandIsRefused()
        {
            var stock = new Stock();
            stock.Receive("nut", 2);

            Assert.IsFalse(stock.Ship("nut", 5));
            Assert.AreEqual(2, stock["nut"]);
        }
    }
}
