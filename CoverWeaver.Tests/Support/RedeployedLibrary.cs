extern alias runtime;

using System.IO;
using CoverWeaver.Fody.Instrumentation;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using runtime::CoverWeaver.Model;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Two real builds of one small library, compiled and woven as a redeploy brings them: in the
    /// second, <c>Prices.Discount</c> changed (a line more), so every method below it in the file
    /// moved down two lines without changing; the other methods (one with a lambda, one in a
    /// second module) are the same code.
    /// </summary>
    internal static class RedeployedLibrary
    {
        public const string Assembly = "Shop";

        private const string Before = @"using System.Linq;

namespace Shop
{
    public static class Prices
    {
        public static int Discount(int amount)
        {
            if (amount > 100)
            {
                return amount / 10;
            }

            return 0;
        }

        public static int Total(int amount, int count)
        {
            var total = 0;
            for (var i = 0; i < count; i++)
            {
                total += amount;
            }

            return total - Discount(total);
        }

        public static int CountPaid(int[] amounts) => amounts.Count(a => a > 0);
    }

    public sealed class Basket
    {
        public int Items { get; private set; }

        public void Add(int count)
        {
            Items += count;
        }
    }
}
";

        /// <summary>The first build's source with <c>Discount</c> changed: a threshold, and a line more that moves the rest down.</summary>
        private static readonly string After = Before.Replace(
            "            if (amount > 100)\n            {\n                return amount / 10;\n            }\n",
            "            if (amount > 50)\n            {\n                var tenth = amount / 10;\n                return tenth + 1;\n            }\n\n");

        /// <summary>Builds and weaves both (in count mode) under <paramref name="temp"/>; their probe tables.</summary>
        public static (AssemblyProbeTable Old, AssemblyProbeTable New) Build(TempDirectory temp)
        {
            Assert.AreNotEqual(Before, After, "the second build's source differs");
            return (BuildOne(temp, "old", Before), BuildOne(temp, "new", After));
        }

        private static AssemblyProbeTable BuildOne(TempDirectory temp, string name, string source)
        {
            // One source path for both builds, as a rebuild of one checkout has.
            var sourcePath = temp.Combine("Shop.cs");
            var built = Directory.CreateDirectory(temp.Combine(name + "-built")).FullName;
            var input = Path.Combine(built, Assembly + ".dll");
            SmallLibrary.Build(Assembly, sourcePath, source.Replace("\r\n", "\n"), input);
            var output = Path.Combine(Directory.CreateDirectory(temp.Combine(name + "-woven")).FullName, Assembly + ".dll");
            var result = AssemblyInstrumenter.Instrument(input, output, new WeaveOptions(), new RecordingLog());
            Assert.IsTrue(result.Instrumented, result.Message);
            return ProbeTableCodec.FindIn(File.ReadAllBytes(output))!;
        }
    }
}
