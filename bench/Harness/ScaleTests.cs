using System;
using System.IO;
using System.Linq;
using CoverWeaver.Data;
using CoverWeaver.Model;
using CoverWeaver.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Bench.Harness
{
    /// <summary>
    /// The analysis side at scale: a million probes (1,000 modules of 1,000), brought in as an
    /// import, then analysed at line level, exported and imported again; and counter memory.
    /// </summary>
    [TestClass]
    public sealed class ScaleTests
    {
        private const int Modules = 1000;
        private const int LinesPerModule = 999;

        [TestMethod]
        public void MillionProbes()
        {
            if (Environment.GetEnvironmentVariable("BENCH_VARIANT") != "plain")
            {
                return; // The analysis does not depend on how the workloads were built: measure it once.
            }

            var folder = Path.Combine(Path.GetTempPath(), "coverweaver-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var input = Path.Combine(folder, "million.coverdata");
                File.WriteAllBytes(input, CoverageFile.Encode(Snapshots()));
                var probes = Cover.Modules().Count;
                Measure.Record("import-1M-first", () => { Cover.Import(input); return 1; }, warmUp: 0, timed: 1);
                Measure.Record("analyse-line-1M", () => Cover.Analyse(Analysis.Calls, Level.Line).Count);
                var output = Path.Combine(folder, "export.coverdata");
                Measure.Record("export-1M", () => { Cover.Export(output); return new FileInfo(output).Length; });
                Measure.Record("import-1M", () => { Cover.Import(input); return probes; });
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Every report format written for the million probes (target: under a second each).</summary>
        [TestMethod]
        public void MillionProbeReports()
        {
            if (Environment.GetEnvironmentVariable("BENCH_VARIANT") != "plain")
            {
                return;
            }

            var snapshots = Snapshots();
            var folder = Path.Combine(Path.GetTempPath(), "coverweaver-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                foreach (var format in CoverWeaver.Reports.ReportFormats.All)
                {
                    Measure.Record($"report-{format.Name}-1M", () => new FileInfo(format.Write(snapshots, folder, DateTimeOffset.Now)).Length, warmUp: 1, timed: 5);
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>Bytes of counter memory per probe, per thread that ran the workload, for the woven variants.</summary>
        [TestMethod]
        public void CounterMemory()
        {
            var variant = Environment.GetEnvironmentVariable("BENCH_VARIANT");
            if (variant != "count" && variant != "set")
            {
                return;
            }

            Workloads.Kernels.Sieve(100);
            var woven = Registry.Assemblies().Single(a => a.Table.AssemblyName == "CoverWeaver.Bench.Workloads");
            var (blocks, bytesPerBlock) = woven.Counters is ThreadCounters threads
                ? (threads.BlockCount, 8L * threads.SlotCount)
                : (1, (long)((woven.Counters.SlotCount + 3) / 4 * 4));
            Measure.Report("memory", $"{bytesPerBlock / (double)woven.Counters.SlotCount:F2} bytes per probe per block, {blocks} blocks ({(variant == "count" ? "one per thread that ran woven code" : "shared")})");
        }

        /// <summary>The million probes, as an import brings them in; also served live by LiveTests.</summary>
        internal static ModuleSnapshot[] Snapshots()
        {
            var table = new AssemblyProbeTable { AssemblyName = "Bench.Million", BuildId = 42, SlotCount = Modules * (LinesPerModule + 1) };
            var snapshots = new ModuleSnapshot[Modules];
            for (var m = 0; m < Modules; m++)
            {
                table.Documents.Add($"/src/Million/Module{m}.cs");
                var module = new ModuleProbes { Name = $"Bench.Million.Module{m:D4}", Fingerprint = (ulong)m, FirstSlot = m * (LinesPerModule + 1), SlotCount = LinesPerModule + 1 };
                var clause = new ClauseProbes { Function = "Run", Arity = 0, Clause = 1, EntrySlot = module.FirstSlot };
                for (var l = 0; l < LinesPerModule; l++)
                {
                    clause.Lines.Add(new LineProbe(m, l + 1, module.FirstSlot + 1 + l));
                }

                module.Clauses.Add(clause);
                table.Modules.Add(module);
                snapshots[m] = new ModuleSnapshot(table, module, Enumerable.Range(0, module.SlotCount).Select(i => (long)(i % 5)).ToArray());
            }

            return snapshots;
        }
    }
}
