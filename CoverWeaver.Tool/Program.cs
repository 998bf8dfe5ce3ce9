using System.CommandLine;
using CoverWeaver.Tool.Verbs;

namespace CoverWeaver.Tool
{
    /// <summary>The <c>coverweaver</c> command: one verb per file under Verbs/.</summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            var root = new RootCommand("CoverWeaver: exact line coverage for .NET. Instrument built binaries; merge, snapshot, analyse and report coverage data; run the coverage center of a fleet.")
            {
                InstrumentVerb.Create(),
                MergeVerb.Create(),
                SnapshotVerb.Create(),
                AnalyseVerb.Create(),
                ReportVerb.Create(),
                CenterVerb.Create(),
                GatewayVerb.Create(),
            };
            var parsed = root.Parse(args);
            var code = parsed.Invoke();
            // System.CommandLine answers a parse error (printed with the help) with 1; scripts must
            // tell a mistyped command from a coverage problem, so it is a usage error here.
            return parsed.Errors.Count > 0 ? ExitCodes.UsageError : code;
        }
    }
}
