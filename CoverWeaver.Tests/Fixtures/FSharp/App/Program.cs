using System;
using CoverWeaver;
using Demo;
using Microsoft.FSharp.Collections;

// Runs the F# library once in a known way, then prints its analyses for the test to read.
Console.WriteLine(Shapes.area(Shape.NewCircle(1.0)) + Shapes.area(Shape.NewSquare(2.0)) + Shapes.area(Shape.NewSquare(3.0)));
Console.WriteLine(Shapes.classify(0) + Shapes.classify(4) + Shapes.classify(5));
var add = Shapes.makeAdder(2);
Console.WriteLine(add.Invoke(1) + add.Invoke(2) + add.Invoke(3));
Console.WriteLine(string.Join(",", Shapes.scaleAll(3, ListModule.OfSeq(new[] { 1, 2 }))));
Console.WriteLine(Shapes.sumAsync(2, 3).Result);
Console.WriteLine(string.Join(",", Shapes.evens(4)));
Rows.Print("Demo");
