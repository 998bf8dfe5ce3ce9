using System;
using CoverWeaver;
using Shapes;

// A test-like consumer of the Shapes library: runs it once, prints its analyses, and with an
// argument writes the annotated source there.
Console.WriteLine(Tally.Sum(3));
Console.WriteLine(Tally.Secret());
Console.WriteLine(Cover.Analyse("Shapes.Tally", Analysis.Coverage, Level.Module)[0]);
Rows.Print("Shapes");
if (args.Length > 0)
{
    Console.WriteLine("annotated|" + Cover.AnalyseToFile("Shapes.Tally", args[0]));
}
