using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;

namespace Fixtures.Woven
{
    public static class Advanced
    {
        public static int Run()
        {
            var total = Trees();                                        // hits 1
            total += Unsafe();                                          // hits 1
            total += Refs();                                            // hits 1
            total += Strings(3).Length;                                 // hits 1
            total += Collections().Count;                               // hits 1
            total += Queries();                                         // hits 1
            total += Dynamic(4);                                        // hits 1
            total += Static.Value;                                      // hits 1
            return total;                                               // hits 1
        }

        private static int Trees()
        {
            Expression<Func<int, int>> tree = x =>                      // hits 1
                x * 2 + 1;
            var compiled = tree.Compile();                              // hits 1
            return compiled(2) + compiled(3);                           // hits 1
        }

        private static unsafe int Unsafe()
        {
            var numbers = new[] { 1, 2, 3 };                            // hits 1
            var sum = 0;                                                // hits 1
            fixed (int* p = numbers)                                    // hits 1
            {
                for (var i = 0; i < numbers.Length; i++)                // hits 4
                {
                    sum += p[i];                                        // hits 3
                }
            }

            int* scratch = stackalloc int[2];                           // hits 1
            scratch[0] = sum;                                           // hits 1
            return scratch[0];                                          // hits 1
        }

        private static int Refs()
        {
            var values = new[] { 1, 2 };                                // hits 1
            ref var first = ref First(values);                          // hits 1
            first = 10;                                                 // hits 1
            var reader = new SpanReader(values);                        // hits 1
            return reader.Sum() + values[0];                            // hits 1
        }

        private static ref int First(int[] values)
        {
            return ref values[0];                                       // hits 1
        }

        private static string Strings(int n)
        {
            var builder = new StringBuilder();                          // hits 1
            builder.Append($"n={n}, twice={n * 2}");                    // hits 1
            var handler = new CountingHandler(0, 1);                    // hits 1
            handler.AppendFormatted(n);                                 // hits 1
            return builder.ToString() + handler.Count;                  // hits 1
        }

        private static List<int> Collections()
        {
            int[] small = [1, 2];                                       // hits 1
            List<int> list = [.. small, 3];                             // hits 1
            return list;                                                // hits 1
        }

        private static int Queries()
        {
            var query = from n in Enumerable.Range(1, 4)                // hits 1
                        where n % 2 == 0                                // hits 4
                        select n * 10;                                  // hits 2
            return query.Sum();                                         // hits 1
        }

        private static int Dynamic(dynamic value)
        {
            dynamic doubled = value * 2;                                // hits 1
            return doubled;                                             // hits 1
        }

        private static class Static
        {
            public static readonly int Value;

            static Static()
            {
                Value = 5;                                              // hits 1
            }
        }

        private ref struct SpanReader
        {
            private readonly Span<int> _values;

            public SpanReader(Span<int> values)
            {
                _values = values;                                       // hits 1
            }

            public int Sum()
            {
                var sum = 0;                                            // hits 1
                foreach (var v in _values)                              // hits 3
                {
                    sum += v;                                           // hits 2
                }

                return sum;                                             // hits 1
            }
        }

        [InterpolatedStringHandler]
        private ref struct CountingHandler
        {
            public int Count;

            public CountingHandler(int literalLength, int formattedCount)
            {
                Count = 0;                                              // hits 1
            }

            public void AppendLiteral(string s)
            {
                Count += s.Length;                                      // hits 0
            }

            public void AppendFormatted<T>(T value)
            {
                Count++;                                                // hits 1
            }
        }
    }
}
