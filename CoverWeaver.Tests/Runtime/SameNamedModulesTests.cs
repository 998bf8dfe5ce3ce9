using System;
using System.IO;
using System.Linq;
using System.Reflection;
using CoverWeaver.Fody.Instrumentation;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil.Cil;

namespace CoverWeaver.Tests.Runtime
{
    /// <summary>
    /// Two woven assemblies loaded in one process, each declaring a type of the same full name (as a
    /// library and its core package may): two modules, both analysed, listed and in LCOV.
    /// </summary>
    [TestClass]
    public sealed class SameNamedModulesTests
    {
        [TestMethod]
        public void TwoLoadedAssembliesWithATypeOfTheSameNameAreBothAnalysed()
        {
            using var temp = new TempDirectory();
            var ns = "Same" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var first = Woven(temp, "First" + ns, ns, value: 1);
            var second = Woven(temp, "Second" + ns, ns, value: 2);
            var type = ns + ".Code";

            first.GetMethod("Run")!.Invoke(null, null);
            second.GetMethod("Run")!.Invoke(null, null);
            second.GetMethod("Run")!.Invoke(null, null);

            var modules = Cover.Modules();
            CollectionAssert.Contains(modules.ToList(), type + ", First" + ns);
            CollectionAssert.Contains(modules.ToList(), type + ", Second" + ns);
            Assert.AreEqual(1L, Cover.Analyse(first, Analysis.Calls, Level.Module).Single().Calls);
            Assert.AreEqual(2L, Cover.Analyse(second, Analysis.Calls, Level.Module).Single().Calls);
            Assert.AreEqual(2L, Cover.Analyse(type + ", Second" + ns, Analysis.Calls, Level.Module).Single().Calls);
            var e = Assert.ThrowsExactly<ArgumentException>(() => Cover.Analyse(type, Analysis.Calls, Level.Module));
            StringAssert.Contains(e.Message, "First" + ns);
            StringAssert.Contains(e.Message, "Second" + ns);

            var lcov = File.ReadAllText(Cover.WriteLcov(temp.Combine("both.info")));
            StringAssert.Contains(lcov, "SF:" + Path.Combine(temp.Path, "First" + ns, "First" + ns + ".src"));
            StringAssert.Contains(lcov, "SF:" + Path.Combine(temp.Path, "Second" + ns, "Second" + ns + ".src"));
        }

        /// <summary>A synthetic assembly whose type <c>{ns}.Code</c> has <c>Run()</c> of one line, woven and loaded.</summary>
        private static Type Woven(TempDirectory temp, string name, string ns, int value)
        {
            var directory = Directory.CreateDirectory(temp.Combine(name)).FullName;
            var synthetic = new SyntheticAssembly(name, directory);
            synthetic.Type.Namespace = ns;
            var method = synthetic.AddMethod("Run", synthetic.Module.TypeSystem.Int32);
            var il = method.Body.GetILProcessor();
            var load = il.Create(OpCodes.Ldc_I4, value);
            il.Append(load);
            synthetic.Line(method, load, 1);
            il.Emit(OpCodes.Ret);
            var path = synthetic.Write();

            var wovenDirectory = Path.Combine(directory, "woven");
            var log = new RecordingLog();
            var result = AssemblyInstrumenter.Instrument(path, Path.Combine(wovenDirectory, Path.GetFileName(path)), log: log);
            Assert.IsTrue(result.Instrumented, result.Message + string.Join("\n", log.Warnings));
            Assembly assembly = new DirectoryLoadContext(name, wovenDirectory).LoadFromAssemblyPath(Path.Combine(wovenDirectory, Path.GetFileName(path)));
            return assembly.GetType(ns + ".Code")!;
        }
    }
}
