using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Runs the <c>coverweaver</c> command as a process (<c>dotnet CoverWeaver.Tool.dll</c>, as the
    /// test project built it first), keeping its exit code, stdout and stderr apart.
    /// </summary>
    internal static class CoverWeaverTool
    {
        /// <summary>The tool's entry assembly, of the configuration these tests were built in.</summary>
        public static string Path
        {
            get
            {
                var configuration = typeof(CoverWeaverTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(a => a.Key == "Configuration").Value!;
                return RepoPaths.Combine("CoverWeaver.Tool", "bin", configuration, "net8.0", "CoverWeaver.Tool.dll");
            }
        }

        public static Result Run(params string[] args) => Run(null, args);

        public static Result Run(IDictionary<string, string>? environment, params string[] args)
        {
            var (exitCode, output, error) = DotNet.RunApart(Directory.GetCurrentDirectory(), environment, new[] { Path }.Concat(args).ToArray());
            return new Result(exitCode, output, error, args);
        }

        /// <summary>What one run gave.</summary>
        internal sealed class Result
        {
            public Result(int exitCode, string output, string error, string[] args)
            {
                ExitCode = exitCode;
                Output = output;
                Error = error;
                Args = args;
            }

            public int ExitCode { get; }

            public string Output { get; }

            public string Error { get; }

            public string[] Args { get; }

            /// <summary>Everything, for assertion messages.</summary>
            public override string ToString() => $"coverweaver {string.Join(" ", Args)} → {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
        }
    }
}
