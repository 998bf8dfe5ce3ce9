using System;
using System.Diagnostics;
using System.IO;

namespace CoverWeaver.Tool
{
    /// <summary>
    /// A one-line progress report on stderr for work that takes seconds. On a terminal the line is
    /// rewritten in place; when stderr is redirected (a CI log) a line is written at most every two
    /// seconds, so logs stay short and work that finishes quickly says nothing at all.
    /// </summary>
    internal sealed class Progress
    {
        private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(2);
        private readonly TextWriter _error;
        private readonly string _what;
        private readonly int _total;
        private readonly bool _terminal;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private TimeSpan _lastWritten = TimeSpan.Zero;
        private int _done;
        private bool _wroteInPlace;

        public Progress(TextWriter error, string what, int total)
        {
            _error = error;
            _what = what;
            _total = total;
            _terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        }

        /// <summary>Reports that one more item (named <paramref name="item"/>) is about to be worked on.</summary>
        public void Step(string item)
        {
            _done++;
            var line = $"{_what} {_done}/{_total}: {item}";
            if (_terminal)
            {
                // Padding clears what a longer previous line left behind.
                _error.Write("\r" + Fit(line).PadRight(Width()));
                _wroteInPlace = true;
            }
            else if (_watch.Elapsed - _lastWritten >= LogInterval)
            {
                _lastWritten = _watch.Elapsed;
                _error.WriteLine(line);
            }
        }

        /// <summary>Writes a message on a line of its own, clearing the progress line first.</summary>
        public void Say(string message)
        {
            Done();
            _error.WriteLine(message);
        }

        /// <summary>Ends the progress line, so what is written next starts on a line of its own.</summary>
        public void Done()
        {
            if (_wroteInPlace)
            {
                _error.Write("\r" + new string(' ', Width()) + "\r");
                _wroteInPlace = false;
            }
        }

        private static int Width()
        {
            try
            {
                return Math.Max(20, Console.WindowWidth - 1);
            }
            catch (IOException)
            {
                return 79;
            }
        }

        private static string Fit(string line) => line.Length <= Width() ? line : line.Substring(0, Width() - 1) + "…";
    }
}
