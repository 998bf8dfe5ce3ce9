using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace CoverWeaver.Tests.Support
{
    /// <summary>One run of a build of the oracle program: its results and, when woven, every counted line.</summary>
    internal sealed class OracleRun
    {
        private OracleRun(string result, List<(string Module, string Function, string File, int Line, long Calls)> lines)
        {
            Result = result;
            Lines = lines;
        }

        public string Result { get; }

        public List<(string Module, string Function, string File, int Line, long Calls)> Lines { get; }

        /// <summary>Runs the build of the oracle program named <paramref name="flavor"/> (Debug, Release, PlainDebug, PlainRelease).</summary>
        public static OracleRun Of(string flavor)
        {
            var configuration = typeof(OracleRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
            var folder = RepoPaths.Combine("CoverWeaver.Tests", "Fixtures", "OracleRunner", flavor, "bin", configuration, "net10.0");
            var program = Path.Combine(folder, $"CoverWeaver.Tests.Oracle{flavor}.dll");
            var output = DotNet.Succeed(folder, null, program);
            var result = output.Split('\n').Single(l => l.StartsWith("RESULT ", System.StringComparison.Ordinal)).Substring(7).TrimEnd('\r');
            var lines = output.Split('\n')
                .Where(l => l.StartsWith("LINE\t", System.StringComparison.Ordinal))
                .Select(l => l.TrimEnd('\r').Split('\t'))
                .Select(f => (f[1], f[2], Path.GetFullPath(f[3]), int.Parse(f[4]), long.Parse(f[5])))
                .ToList();
            return new OracleRun(result, lines);
        }
    }
}
