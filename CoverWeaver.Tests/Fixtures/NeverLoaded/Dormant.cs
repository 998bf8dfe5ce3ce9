namespace Fixtures.NeverLoaded
{
    public static class Dormant
    {
        public static int Sleep(int x)
        {
            var y = x + 1;
            return y * 2;
        }
    }
}
