using System;

namespace CoverWeaver.Bench.Calls.Hot
{
    /// <summary>A payment: a record whose subclasses answer with one-line overrides.</summary>
    public abstract record Payment(string Customer, long Cents)
    {
        public abstract long Fee { get; }

        public abstract bool Refundable { get; }
    }

    public sealed record CardPayment(string Customer, long Cents, string Network) : Payment(Customer, Cents)
    {
        public override long Fee => Cents / 40 + 30;

        public override bool Refundable => true;
    }

    public sealed record TransferPayment(string Customer, long Cents, string Iban) : Payment(Customer, Cents)
    {
        public override long Fee => 50;

        public override bool Refundable => Cents < 100_000;
    }

    public sealed record CashPayment(string Customer, long Cents) : Payment(Customer, Cents)
    {
        public override long Fee => 0;

        public override bool Refundable => false;
    }

    /// <summary>Records read in a hot loop: properties, one-line virtual overrides, <c>with</c>, value equality.</summary>
    public sealed class Payments
    {
        private readonly Payment[] _payments;

        public Payments(int count)
        {
            var random = new Random(11);
            var customers = Names.Make(random, 40, "customer");
            _payments = new Payment[count];
            for (var i = 0; i < count; i++)
            {
                var customer = customers[random.Next(customers.Length)];
                var cents = random.Next(100, 200_000);
                // Mostly cards, as in a shop: one type clearly first, so the JIT's profile-guided guess at
                // the virtual calls is the same in every process, not a coin toss between even shares.
                _payments[i] = random.Next(10) switch
                {
                    < 7 => new CardPayment(customer, cents, random.Next(2) == 0 ? "visa" : "mastercard"),
                    < 9 => new TransferPayment(customer, cents, "DE" + random.Next(1000)),
                    _ => new CashPayment(customer, cents),
                };
            }

            // Runs of equal payments, so equality is sometimes true and compares every member.
            for (var i = 1; i < count; i += 5)
            {
                _payments[i] = _payments[i - 1] with { };
            }
        }

        public long Pass()
        {
            long net = 0;
            var refunds = 0;
            Payment? previous = null;
            foreach (var payment in _payments)
            {
                net += payment.Cents - payment.Fee;
                if (payment.Refundable && payment.Cents % 7 == 0)
                {
                    var refund = payment with { Cents = -payment.Cents };
                    net += refund.Cents + refund.Fee;
                    refunds++;
                }

                if (payment == previous)
                {
                    net++;
                }

                previous = payment;
            }

            return net + refunds;
        }
    }
}
