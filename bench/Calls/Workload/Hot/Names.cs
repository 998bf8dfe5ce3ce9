using System;

namespace CoverWeaver.Bench.Calls.Hot
{
    /// <summary>Made-up names for the workloads' inputs: deterministic, as the generator is seeded.</summary>
    internal static class Names
    {
        public static string[] Make(Random random, int count, string stem)
        {
            var names = new string[count];
            for (var i = 0; i < count; i++)
            {
                names[i] = stem + "-" + (char)('a' + random.Next(26)) + i;
            }

            return names;
        }
    }
}
