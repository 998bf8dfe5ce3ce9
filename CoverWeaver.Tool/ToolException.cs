using System;

namespace CoverWeaver.Tool
{
    /// <summary>
    /// A problem the tool explains and stops on: its message names the problem and the fix, and
    /// <see cref="ExitCode"/> says which kind it is (<see cref="ExitCodes"/>).
    /// </summary>
    internal sealed class ToolException : Exception
    {
        private ToolException(string message, int exitCode)
            : base(message)
        {
            ExitCode = exitCode;
        }

        /// <summary>The process's exit code for this problem.</summary>
        public int ExitCode { get; }

        /// <summary>A missing, damaged or conflicting input (exit code 1).</summary>
        public static ToolException Input(string message) => new ToolException(message, ExitCodes.InputProblem);

        /// <summary>A command line that cannot mean anything (exit code 2).</summary>
        public static ToolException Usage(string message) => new ToolException(message, ExitCodes.UsageError);
    }
}
