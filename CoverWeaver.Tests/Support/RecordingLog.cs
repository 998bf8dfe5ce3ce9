using System.Collections.Generic;
using CoverWeaver.Fody.Instrumentation;

namespace CoverWeaver.Tests.Support
{
    /// <summary>Keeps what instrumentation reported, so tests can check warnings were given.</summary>
    internal sealed class RecordingLog : IWeaveLog
    {
        public List<string> Infos { get; } = new List<string>();

        public List<string> Warnings { get; } = new List<string>();

        public void Info(string message) => Infos.Add(message);

        public void Warning(string message) => Warnings.Add(message);
    }
}
