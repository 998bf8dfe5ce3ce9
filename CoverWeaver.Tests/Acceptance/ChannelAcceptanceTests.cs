using System.IO;
using System.Linq;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>
    /// The first acceptance case: Erlang cover's manual session on its channel module, ported to
    /// C#, built through the packed package from a local feed, must give the manual's results.
    /// </summary>
    [TestClass]
    public sealed class ChannelAcceptanceTests
    {
        private const string M = "ChannelDemo.Channel";

        [TestMethod]
        public void TheManualsSessionGivesTheManualsResults()
        {
            var package = PackedPackage.Instance;
            var dir = ChannelProject.Create(package, "ChannelRelease");
            package.Build(dir, "-c", "Release", "-p:CoverWeave=true");
            var annotated = Path.Combine(dir, "channel.COVER.out");
            var output = DotNet.Succeed(dir, null, Path.Combine("bin", "Release", "net10.0", "ChannelRelease.dll"), annotated);
            var s = ChannelProject.Sections(output);

            CollectionAssert.AreEqual(new[] { "ok" }, s["Test.S()"]);
            CollectionAssert.AreEqual(new[] { "{" + M + ",{14,1}}" }, Section(s, "Coverage", "Module"));
            CollectionAssert.AreEqual(
                new[]
                {
                    "{{" + M + ",StartLink,0},{1,0}}",
                    "{{" + M + ",Stop,0},{1,0}}",
                    "{{" + M + ",Alloc,0},{1,0}}",
                    "{{" + M + ",Free,1},{1,0}}",
                    "{{" + M + ",Init,1},{1,0}}",
                    "{{" + M + ",HandleCall,3},{5,0}}",
                    "{{" + M + ",Terminate,2},{1,0}}",
                    "{{" + M + ",Channels,0},{1,0}}",
                    "{{" + M + ",Alloc,1},{1,1}}",
                    "{{" + M + ",Free,2},{1,0}}",
                },
                Section(s, "Coverage", "Function"));
            CollectionAssert.AreEqual(
                new[]
                {
                    "{{" + M + ",StartLink,0,1},{1,0}}",
                    "{{" + M + ",Stop,0,1},{1,0}}",
                    "{{" + M + ",Alloc,0,1},{1,0}}",
                    "{{" + M + ",Free,1,1},{1,0}}",
                    "{{" + M + ",Init,1,1},{1,0}}",
                    "{{" + M + ",HandleCall,3,1},{1,0}}",
                    "{{" + M + ",HandleCall,3,2},{2,0}}",
                    "{{" + M + ",HandleCall,3,3},{2,0}}",
                    "{{" + M + ",Terminate,2,1},{1,0}}",
                    "{{" + M + ",Channels,0,1},{1,0}}",
                    "{{" + M + ",Alloc,1,1},{1,0}}",
                    "{{" + M + ",Alloc,1,2},{0,1}}",
                    "{{" + M + ",Free,2,1},{1,0}}",
                },
                Section(s, "Coverage", "Clause"));

            // Lines: 15 executable, in ascending order, all run once but the empty-list clause's.
            var neverRun = SourceMarkers.LineOf(Path.Combine(ChannelProject.SampleFolder, "Channel.cs"), "return false;");
            var lineCalls = Section(s, "Calls", "Line");
            Assert.AreEqual(15, lineCalls.Count);
            var lines = lineCalls.Select(r => int.Parse(r.Split(',')[1].TrimEnd('}'))).ToList();
            CollectionAssert.AreEqual(lines.OrderBy(l => l).ToList(), lines, "line rows ascend");
            CollectionAssert.AreEqual(new[] { "{{" + M + "," + neverRun + "},0}" }, lineCalls.Where(r => r.EndsWith(",0}")).ToList());
            CollectionAssert.AreEqual(new[] { "{{" + M + "," + neverRun + "},{0,1}}" }, Section(s, "Coverage", "Line").Where(r => r.EndsWith("{0,1}}")).ToList());

            CollectionAssert.AreEqual(new[] { "{" + M + ",12}" }, Section(s, "Calls", "Module"));
            var functionCalls = Section(s, "Calls", "Function");
            CollectionAssert.Contains(functionCalls, "{{" + M + ",HandleCall,3},3}");
            Assert.AreEqual(9, functionCalls.Count(r => r.EndsWith("},1}")), string.Join("\n", functionCalls));
            CollectionAssert.Contains(Section(s, "Calls", "Clause"), "{{" + M + ",Alloc,1,2},0}");

            // analyse_to_file: every source line, the one never run marked 0.
            var text = File.ReadAllLines(annotated);
            StringAssert.StartsWith(text[0], "File generated from ");
            StringAssert.Contains(text[0], "Channel.cs by COVER ");
            Assert.AreEqual(new string('*', 76), text[1]);
            var source = File.ReadAllLines(Path.Combine(ChannelProject.SampleFolder, "Channel.cs"));
            Assert.AreEqual(source.Length + 2, text.Length);
            Assert.AreEqual("     0..|  " + source[neverRun - 1], text[neverRun + 1]);
            Assert.AreEqual(14, text.Count(l => l.StartsWith("     1..|  ", System.StringComparison.Ordinal)));
            Assert.AreEqual("        |  " + source[0], text[2]);
        }

        private static System.Collections.Generic.List<string> Section(System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<string>> sections, string analysis, string level)
        {
            return sections[$"Cover.Analyse(\"{M}\", {analysis}, {level})"];
        }
    }
}
