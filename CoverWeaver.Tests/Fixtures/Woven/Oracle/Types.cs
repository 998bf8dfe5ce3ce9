using System;

namespace Fixtures.Woven
{
    public static class Types
    {
        public static int Run()
        {
            var total = new Derived(2).Value;                           // hits 1
            total += new Primary(3).Triple();                           // hits 1
            var money = new Money(5) + new Money(6);                    // hits 1
            total += (int)money;                                        // hits 1
            Money implicitMoney = 7;                                    // hits 1
            total += implicitMoney.Amount;                              // hits 1
            var grid = new Grid();                                      // hits 1
            grid[1] = 8;                                                // hits 1
            total += grid[1];                                           // hits 1
            var bell = new Bell();                                      // hits 1
            bell.Rung += (_, _) => total++;                             // hits 1
            bell.Ring();                                                // hits 1
            total += 3.Doubled();                                       // hits 1
            IGreeter greeter = new Greeter();                           // hits 1
            total += greeter.Greet().Length;                            // hits 1
            var rs = new RecordStruct(1, 2);                            // hits 1
            total += rs.Sum + (rs with { A = 5 }).Sum;                  // hits 1
            total += new Split().Left() + new Split().Right();          // hits 1
            total += Initialized.Five();                                // hits 1
            var labelled = new Labelled("x", 2);                        // hits 1
            total += labelled.ToString().Length + (labelled with { Size = 3 }).Size + labelled.Initial; // hits 1
            return total;                                               // hits 1
        }
    }

    public class Base
    {
        public Base(int value)                                          // hits 1
        {
            Value = value;                                              // hits 1
        }

        public int Value { get; }
    }

    public sealed class Derived : Base
    {
        public Derived(int value)
            : this(value, 1)                                            // hits 1
        {
            Extra++;                                                    // hits 1
        }

        private Derived(int value, int extra)
            : base(value * extra)                                       // hits 1
        {
            Extra = extra;                                              // hits 1
        }

        public int Extra { get; private set; }
    }

    public sealed class Primary(int factor)                             // hits 1
    {
        public int Triple()
        {
            return factor * 3;                                          // hits 1
        }
    }

    public readonly struct Money
    {
        public Money(int amount)
        {
            Amount = amount;                                            // hits 4
        }

        public int Amount { get; }

        public static Money operator +(Money a, Money b)
        {
            return new Money(a.Amount + b.Amount);                      // hits 1
        }

        public static explicit operator int(Money m)
        {
            return m.Amount;                                            // hits 1
        }

        public static implicit operator Money(int amount)
        {
            return new Money(amount);                                   // hits 1
        }
    }

    public sealed class Grid
    {
        private readonly int[] _cells = new int[4];                     // hits 1

        public int this[int index]
        {
            get
            {
                return _cells[index];                                   // hits 1
            }

            set
            {
                _cells[index] = value;                                  // hits 1
            }
        }
    }

    public sealed class Bell
    {
        public event EventHandler Rung;

        public void Ring()
        {
            Rung?.Invoke(this, EventArgs.Empty);                        // hits 1
        }
    }

    public static class Extensions
    {
        public static int Doubled(this int x)
        {
            return x * 2;                                               // hits 1
        }
    }

    public interface IGreeter
    {
        string Greet()
        {
            return "hello";                                             // hits 1
        }
    }

    public sealed class Greeter : IGreeter
    {
    }

    // The compiler writes a positional record's properties, its Equals, copy constructor and the
    // rest: none of them counts. The declaration line counts constructions (a `with` copy is not
    // one), an initializer counts where it runs, and a member written by hand counts.
    public sealed record Labelled(string Name, int Size)                // hits 1
    {
        public int Initial { get; } = Size * 10;                        // hits 1

        public override string ToString() => "L:" + Name;               // hits 1
    }

    public record struct RecordStruct(int A, int B)
    {
        public int Sum => A + B;                                        // hits 2
    }

    // The compiler copies a field initializer into every constructor that does not chain to
    // another: three calls of one and two of the other run the initializer line five times.
    public sealed class Initialized
    {
        private readonly int _seed = 2;                                 // hits 5

        public Initialized()                                            // hits 3
        {
        }

        public Initialized(int extra)                                   // hits 2
        {
            _seed += extra;                                             // hits 2
        }

        public static int Five()
        {
            var three = new Initialized()._seed + new Initialized()._seed + new Initialized()._seed;   // hits 1
            return three + new Initialized(1)._seed + new Initialized(2)._seed;                       // hits 1
        }
    }
}
