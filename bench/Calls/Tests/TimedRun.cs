using System;
using System.Globalization;
using CoverWeaver.Bench.Calls.Harness;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Bench.Calls.Tests
{
    /// <summary>
    /// One variant timed in this test host, as bench/Calls/run.sh asks through the environment:
    /// CALLS_VARIANT (plain, again, count, set, coverlet, mscov, plain_jit), CALLS_OUT (the rows file),
    /// CALLS_PROCESS, CALLS_ROUNDS, CALLS_WARMUP, and CALLS_ASSEMBLY for a woven copy to load
    /// instead of the plain workload this project references (which the peers instrument).
    /// </summary>
    [TestClass]
    public sealed class TimedRun
    {
        [TestMethod]
        public void Time()
        {
            var name = Setting("CALLS_VARIANT");
            var tsv = new Tsv(Setting("CALLS_OUT"), "host", Number("CALLS_PROCESS"));
            var path = Environment.GetEnvironmentVariable("CALLS_ASSEMBLY");
            var variant = string.IsNullOrEmpty(path) ? Variant.Of(name, typeof(Catalog).Assembly) : Variant.Load(name, path);

            Rounds.Run(new[] { variant }, Number("CALLS_WARMUP"), Number("CALLS_ROUNDS"), rotation: 0, tsv);

            var verdict = Collected.Check(variant);
            tsv.Check(variant.Name, verdict.Ok, verdict.Text);
            Assert.IsTrue(verdict.Ok, verdict.Text);
        }

        private static string Setting(string variable) =>
            Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"{variable} is not set: this test is the call-heavy bench's test host; run it through bash bench/Calls/run.sh.");

        private static int Number(string variable) => int.Parse(Setting(variable), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
