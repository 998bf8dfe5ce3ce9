namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>What instrumenting one assembly did.</summary>
    public sealed class InstrumentResult
    {
        internal InstrumentResult(bool instrumented, string message, int modules = 0, int probes = 0)
        {
            Instrumented = instrumented;
            Message = message;
            Modules = modules;
            Probes = probes;
        }

        /// <summary>Whether probes were added; false means the assembly was left exactly as it was.</summary>
        public bool Instrumented { get; }

        /// <summary>What was done, or why nothing was.</summary>
        public string Message { get; }

        /// <summary>How many modules (types) got probes.</summary>
        public int Modules { get; }

        /// <summary>How many counter slots the assembly has.</summary>
        public int Probes { get; }
    }
}
