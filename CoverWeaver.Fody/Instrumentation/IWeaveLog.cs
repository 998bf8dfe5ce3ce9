namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>Where instrumentation reports what it did and what it refused; Fody's log or a console.</summary>
    public interface IWeaveLog
    {
        /// <summary>Something worth knowing that needs no action.</summary>
        void Info(string message);

        /// <summary>Something the user should act on: an assembly or method left uninstrumented, and why.</summary>
        void Warning(string message);
    }
}
