namespace Fixtures.Woven
{
    public class Members
    {
        private static readonly int Seed = Compute();                   // hits 1
        private int _count = 10;                                        // hits 1

        public int Count { get; set; }

        public int Doubled => _count * 2;                               // hits 1

        public static int Run()
        {
            var members = new Members { Count = 5 };                    // hits 1
            return members.Doubled + members.Count + Seed + new Inner().Value(); // hits 1
        }

        private static int Compute()
        {
            return 7;                                                   // hits 1
        }

        public sealed class Inner
        {
            public int Value()
            {
                return 42;                                              // hits 1
            }
        }
    }
}
