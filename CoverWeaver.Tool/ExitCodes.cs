namespace CoverWeaver.Tool
{
    /// <summary>What the coverweaver command returns, so that scripts can tell a failed check from a mistyped command.</summary>
    internal static class ExitCodes
    {
        /// <summary>Done.</summary>
        public const int Ok = 0;

        /// <summary>A coverage or input problem: a file missing or damaged, data of two builds of one module, an endpoint that did not answer.</summary>
        public const int InputProblem = 1;

        /// <summary>The command line itself is wrong: an unknown verb or option, a missing argument, a value out of range.</summary>
        public const int UsageError = 2;
    }
}
