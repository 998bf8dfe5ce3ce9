using System;
using CoverWeaver;
using Demo;

// Runs the VB library once in a known way, then prints its analyses for the test to read.
Console.WriteLine(Grades.Letter(95) + Grades.Letter(60) + Grades.Letter(10));
Console.WriteLine(Grades.Describe(0) + Grades.Describe(3) + Grades.Describe(4));
Console.WriteLine(string.Join(",", Grades.Scale(new[] { 1, 2, 3 }, 2)));
Console.WriteLine(Grades.SumAsync(2, 3).Result);
Console.WriteLine(string.Join(",", Grades.Evens(4)));
Rows.Print("Demo");
