using System;
using System.IO;
using System.Linq;
using CoverWeaver;

/// <summary>Prints the woven modules under a namespace as "|"-separated rows a test can read.</summary>
internal static class Rows
{
    public static void Print(string modulePrefix)
    {
        foreach (var module in Cover.Modules().Where(m => m.StartsWith(modulePrefix, StringComparison.Ordinal)).OrderBy(m => m, StringComparer.Ordinal))
        {
            Console.WriteLine($"module|{module}");
            foreach (var row in Cover.Analyse(module, Analysis.Calls, Level.Line))
            {
                Console.WriteLine($"line|{row.Module}|{row.Function}|{row.Arity}|{row.File}|{row.Line}|{row.Calls}");
            }

            foreach (var row in Cover.Analyse(module, Analysis.Calls, Level.Function))
            {
                Console.WriteLine($"function|{row.Module}|{row.Function}|{row.Arity}|{row.Calls}");
            }
        }
    }
}
