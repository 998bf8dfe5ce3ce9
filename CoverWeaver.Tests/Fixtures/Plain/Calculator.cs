namespace Fixtures.Plain
{
    public static class Calculator
    {
        public static int Add(int a, int b)
        {
            var sum = a + b;
            return sum;
        }

        public static int Twice(int a)
        {
            return Add(a, a);
        }
    }
}
