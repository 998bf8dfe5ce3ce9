namespace Fixtures.Woven
{
    public static class Generics
    {
        public static int Run()
        {
            var a = new Box<int>(1);                                    // hits 1
            var b = new Box<string>("two");                             // hits 1
            return a.Get() + b.Get().Length + Identity(3) + Identity("x").Length; // hits 1
        }

        public static T Identity<T>(T value)
        {
            return value;                                               // hits 2
        }
    }

    public sealed class Box<T>
    {
        private readonly T _value;

        public Box(T value)                                             // hits 2
        {
            _value = value;                                             // hits 2
        }

        public T Get()
        {
            return _value;                                              // hits 2
        }
    }
}
