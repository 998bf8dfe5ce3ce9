using System;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>Instrumentation was refused; the message says why. Nothing was written.</summary>
    public sealed class WeaveException : Exception
    {
        /// <summary>Creates the exception with a message naming the problem.</summary>
        public WeaveException(string message)
            : base(message)
        {
        }
    }
}
