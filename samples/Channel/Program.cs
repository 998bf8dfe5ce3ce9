using System;
using CoverWeaver;

namespace ChannelDemo
{
    /// <summary>Runs the manual's session: s(), then every analysis of the channel module, then analyse_to_file.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            const string module = "ChannelDemo.Channel";
            if (!Cover.IsCompiled(module))
            {
                Console.Error.WriteLine($"{module} is not cover-compiled: run with -p:CoverWeave=true.");
                return 1;
            }

            Console.WriteLine("> Test.S()");
            Console.WriteLine(Test.S());
            foreach (var analysis in new[] { Analysis.Coverage, Analysis.Calls })
            {
                foreach (var level in new[] { Level.Module, Level.Function, Level.Clause, Level.Line })
                {
                    Console.WriteLine($"> Cover.Analyse(\"{module}\", {analysis}, {level})");
                    foreach (var row in Cover.Analyse(module, analysis, level))
                    {
                        Console.WriteLine(row);
                    }
                }
            }

            var file = Cover.AnalyseToFile(module, args.Length > 0 ? args[0] : null);
            Console.WriteLine($"> Cover.AnalyseToFile(\"{module}\")");
            Console.WriteLine(file);
            Console.Write(System.IO.File.ReadAllText(file));
            return 0;
        }
    }
}
