using System;
using System.IO;
using System.Linq;
using System.Threading;
using CoverWeaver.Bench.Workloads;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Bench.Harness
{
    [TestClass]
    public sealed class WorkloadTests
    {
        /// <summary>Our own loop-heavy code: sieve, matrix product, Collatz, CRC.</summary>
        [TestMethod]
        public void CpuKernel() => Measure.Record("cpu-kernel", Kernels.Run);

        /// <summary>The kernel on two threads at once: the same lines, hence the same counters, hit concurrently.</summary>
        [TestMethod]
        public void TwoThreads() => Measure.Record("two-threads", () =>
        {
            long a = 0, b = 0;
            var first = new Thread(() => a = Kernels.Run());
            var second = new Thread(() => b = Kernels.Run());
            first.Start();
            second.Start();
            first.Join();
            second.Join();
            return a + b;
        });

        /// <summary>Foreign code: Mono.Cecil reading IL-only assemblies (the test platform's) whole and writing them back.</summary>
        [TestMethod]
        public void CecilRoundTrip()
        {
            var inputs = new[] { "Microsoft.TestPlatform.CrossPlatEngine.dll", "MSTest.TestFramework.dll", "Microsoft.VisualStudio.TestPlatform.ObjectModel.dll" }
                .Select(name => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, name)))
                .ToArray();
            Measure.Record("cecil-roundtrip", () =>
            {
                long work = 0;
                foreach (var bytes in inputs)
                {
                    using var module = ModuleDefinition.ReadModule(new MemoryStream(bytes), new ReaderParameters(ReadingMode.Immediate));
                    foreach (var type in module.GetTypes())
                    {
                        foreach (var method in type.Methods.Where(m => m.HasBody))
                        {
                            foreach (var instruction in method.Body.Instructions)
                            {
                                work += instruction.OpCode.Size;
                            }
                        }
                    }

                    var written = new MemoryStream();
                    module.Write(written);
                    work += written.Length;
                }

                return work;
            });
        }
    }
}
