using System;
using System.IO;

namespace CoverWeaver.Diagnostics
{
    /// <summary>
    /// Where the runtime says what went wrong without throwing into the host: one line on stderr
    /// by default. Coverage problems must never stop the program they measure, so nothing here
    /// throws; tests and hosts may point it elsewhere.
    /// </summary>
    internal static class Log
    {
        private static Action<string> _sink = WriteToStandardError;

        /// <summary>Replaces where messages go; returns the previous sink so it can be put back.</summary>
        public static Action<string> Redirect(Action<string> sink)
        {
            var previous = _sink;
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            return previous;
        }

        public static void Warn(string message)
        {
            try
            {
                _sink(message);
            }
            catch (Exception)
            {
                // A failing sink is one more problem the host must not see.
            }
        }

        private static void WriteToStandardError(string message)
        {
            try
            {
                Console.Error.WriteLine("CoverWeaver: " + message);
            }
            catch (IOException)
            {
                // Nowhere to say it.
            }
        }
    }
}
