using System;
using System.Collections.Generic;

namespace CoverWeaver.Bench.Calls.Hot
{
    /// <summary>Counting words in a dictionary, the stop words left out by a one-line check.</summary>
    public sealed class WordCount
    {
        private readonly string[] _words;

        public WordCount(int count)
        {
            var random = new Random(16);
            var vocabulary = Names.Make(random, 2_000, "w");
            vocabulary[0] = "a";
            vocabulary[1] = "of";
            _words = new string[count];
            for (var i = 0; i < count; i++)
            {
                // Skewed, as in text: a few words are most of it.
                var rank = (int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3));
                _words[i] = vocabulary[rank];
            }
        }

        public long Pass()
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var word in _words)
            {
                if (IsStopWord(word))
                {
                    continue;
                }

                counts.TryGetValue(word, out var seen);
                counts[word] = seen + 1;
            }

            var most = 0;
            foreach (var pair in counts)
            {
                most = Math.Max(most, pair.Value);
            }

            return counts.Count * 100_000L + most;
        }

        private static bool IsStopWord(string word) => word.Length < 3;
    }
}
