using System;
using System.Globalization;
using System.IO;

namespace CoverWeaver.Bench.Calls.Harness
{
    /// <summary>
    /// Appends the bench's rows to one tab-separated file that bench/Calls/run.sh hands to the report:
    /// <c>time</c>, <c>warmup</c>, <c>result</c> and <c>check</c> rows, each tagged with its harness, variant and process.
    /// </summary>
    public sealed class Tsv
    {
        private readonly string _path;
        private readonly string _harness;
        private readonly int _process;

        public Tsv(string path, string harness, int process)
        {
            _path = path;
            _harness = harness;
            _process = process;
        }

        public void Time(string variant, string workload, int round, Sample sample) =>
            Write("time", variant, workload, _process, round, sample.CpuMilliseconds.ToString("F4", CultureInfo.InvariantCulture), sample.WallMilliseconds.ToString("F4", CultureInfo.InvariantCulture));

        /// <summary>How many unrecorded rounds it took until the JIT had settled (or the warm-up's time ran out).</summary>
        public void WarmUp(string variants, int rounds, double seconds, bool settled, long jitCompiled) =>
            Write("warmup", variants, "-", _process, rounds, seconds.ToString("F1", CultureInfo.InvariantCulture), settled ? "settled" : "timed-out", jitCompiled);

        /// <summary>The sum of a workload's pass results over the process: the same for every variant, or weaving changed what the code computes.</summary>
        public void Result(string variant, string workload, long sum) => Write("result", variant, workload, _process, sum);

        public void Check(string variant, bool ok, string text) => Write("check", variant, _process, ok ? "ok" : "FAIL", text);

        private void Write(string kind, params object[] fields)
        {
            var line = kind + "\t" + _harness + "\t" + string.Join("\t", fields);
            File.AppendAllText(_path, line + Environment.NewLine);
        }
    }
}
