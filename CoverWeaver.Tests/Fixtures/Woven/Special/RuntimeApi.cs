namespace Fixtures.Woven
{
    /// <summary>
    /// A second plain module for the runtime API tests, so they can show that work on one module
    /// leaves another alone. Not part of the Driver; only those tests run it.
    /// </summary>
    public static class Tally
    {
        public static int Twice(int value)
        {
            return value * 2;
        }
    }

    /// <summary>A generic module: every constructed form counts in the one module of its definition.</summary>
    public sealed class Holder<T>
    {
        private readonly T _value;

        public Holder(T value)
        {
            _value = value;
        }

        public T Get()
        {
            return _value;
        }
    }
}
