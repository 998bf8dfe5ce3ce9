using System;
using CoverWeaver;

// Runs the construct oracle once, prints its results, then every counted line (when woven).
var result = Fixtures.Woven.Driver.RunAll();                            // hits 1
Console.WriteLine("RESULT " + result);                                  // hits 1
foreach (var row in Cover.Analyse(Analysis.Calls, Level.Line))          // hits *
{
    Console.WriteLine($"LINE\t{row.Module}\t{row.Function}\t{row.File}\t{row.Line}\t{row.Calls}"); // hits *
}
