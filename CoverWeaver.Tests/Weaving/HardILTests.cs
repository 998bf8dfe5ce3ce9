using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using CoverWeaver.Fody.Instrumentation;
using CoverWeaver.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>
    /// IL shapes beyond what the C# fixtures produce, written directly: thousands of sequence
    /// points in one method, short branches the probes push out of range, and every kind of
    /// exception handler with probes at handler and filter starts (where the exception object is
    /// on the stack). Woven and unwoven copies must compute the same, and count exactly.
    /// </summary>
    [TestClass]
    public sealed class HardILTests
    {
        private const int StraightStatements = 5000;
        private const int LoopStatements = 20;
        private const int LoopRounds = 3;

        [TestMethod]
        public void AMethodWithThousandsOfSequencePointsAndShortBranchesWeavesAndCountsExactly()
        {
            using var temp = new TempDirectory();
            var synthetic = new SyntheticAssembly("Synthetic.Long" + Guid.NewGuid().ToString("N").Substring(0, 8), temp.Path);
            var types = synthetic.Module.TypeSystem;
            var method = synthetic.AddMethod("Sum", types.Int32);
            method.Body.Variables.Add(new VariableDefinition(types.Int32)); // sum
            method.Body.Variables.Add(new VariableDefinition(types.Int32)); // rounds left
            var il = method.Body.GetILProcessor();
            var line = 1;
            for (var i = 0; i < StraightStatements; i++)
            {
                Statement(synthetic, method, il, line++, i % 7);
            }

            // A loop whose backward branch is short before weaving and cannot stay short after.
            var setRounds = il.Create(OpCodes.Ldc_I4, LoopRounds);
            il.Append(setRounds);
            synthetic.Line(method, setRounds, line++);
            il.Emit(OpCodes.Stloc_1);
            var loopStart = il.Create(OpCodes.Ldloc_0);
            var loopLines = new List<int>();
            for (var i = 0; i < LoopStatements; i++)
            {
                loopLines.Add(line);
                Statement(synthetic, method, il, line++, 1, i == 0 ? loopStart : null);
            }

            var decrement = il.Create(OpCodes.Ldloc_1);
            il.Append(decrement);
            synthetic.Line(method, decrement, line++);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Stloc_1);
            il.Emit(OpCodes.Brtrue_S, loopStart);
            var ret = il.Create(OpCodes.Ldloc_0);
            il.Append(ret);
            synthetic.Line(method, ret, line);
            il.Emit(OpCodes.Ret);

            var (plain, woven) = PlainAndWoven(synthetic);
            var expected = (int)plain.GetMethod("Sum")!.Invoke(null, null)!;
            Assert.AreEqual(expected, (int)woven.GetMethod("Sum")!.Invoke(null, null)!);

            var lines = Cover.Analyse(synthetic.ModuleName, Analysis.Calls, Level.Line).ToDictionary(r => r.Line, r => r.Calls);
            Assert.AreEqual(StraightStatements + LoopStatements + 3, lines.Count);
            Assert.IsTrue(Enumerable.Range(1, StraightStatements).All(l => lines[l] == 1), "straight-line statements ran once");
            Assert.IsTrue(loopLines.All(l => lines[l] == LoopRounds), "loop statements ran once a round");
            Assert.AreEqual(1, Cover.Analyse(synthetic.ModuleName, Analysis.Calls, Level.Clause).Single().Calls);
        }

        [TestMethod]
        public void EveryHandlerKindKeepsItsBehaviourAndCountsExactly()
        {
            using var temp = new TempDirectory();
            var synthetic = new SyntheticAssembly("Synthetic.Handlers" + Guid.NewGuid().ToString("N").Substring(0, 8), temp.Path);
            var lines = BuildHandlers(synthetic);

            var (plain, woven) = PlainAndWoven(synthetic);
            var modes = new[] { 0, 1, 2, 3, 0, 2 };
            var plainResults = modes.Select(m => Run(plain, m)).ToList();
            var wovenResults = modes.Select(m => Run(woven, m)).ToList();
            CollectionAssert.AreEqual(plainResults, wovenResults, "same results, same exceptions");

            var counted = Cover.Analyse(synthetic.ModuleName, Analysis.Calls, Level.Line).ToDictionary(r => r.Line, r => r.Calls);
            foreach (var (lineNumber, expected) in lines)
            {
                Assert.AreEqual(expected(modes), counted[lineNumber], $"line {lineNumber}");
            }
        }

        /// <summary>
        /// Handlers(mode): mode 1 throws into a filter that accepts it, mode 2 throws into a fault
        /// and then a catch-all, mode 3 throws out of the method through a finally; 0 throws nothing.
        /// </summary>
        private static List<(int Line, Func<int[], long> Expected)> BuildHandlers(SyntheticAssembly synthetic)
        {
            var types = synthetic.Module.TypeSystem;
            var exceptionCtor = synthetic.Module.ImportReference(typeof(InvalidOperationException).GetConstructor(Type.EmptyTypes));
            var exceptionType = synthetic.Module.ImportReference(typeof(InvalidOperationException));
            var finallies = synthetic.AddStaticField("Finallies", types.Int32);
            var method = synthetic.AddMethod("Handlers", types.Int32, types.Int32);
            method.Body.Variables.Add(new VariableDefinition(types.Int32));
            var il = method.Body.GetILProcessor();
            var body = method.Body;

            Instruction Mark(Instruction instruction, int line)
            {
                il.Append(instruction);
                synthetic.Line(method, instruction, line);
                return instruction;
            }

            var end = il.Create(OpCodes.Ldloc_0);

            // try { if (mode == 1) throw; result = 1; } filter { is InvalidOperationException } catch { result = 10; }
            var try1 = Mark(il.Create(OpCodes.Ldarg_0), 1);
            il.Emit(OpCodes.Ldc_I4_1);
            var noThrow1 = il.Create(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Bne_Un_S, noThrow1);
            Mark(il.Create(OpCodes.Newobj, exceptionCtor), 2);
            il.Emit(OpCodes.Throw);
            Mark(noThrow1, 3);
            il.Emit(OpCodes.Stloc_0);
            var afterFirst = il.Create(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Leave, afterFirst);
            var filter = Mark(il.Create(OpCodes.Isinst, exceptionType), 4);
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Cgt_Un);
            il.Emit(OpCodes.Endfilter);
            var catch1 = Mark(il.Create(OpCodes.Pop), 5);
            il.Emit(OpCodes.Ldc_I4_S, (sbyte)10);
            il.Emit(OpCodes.Stloc_0);
            il.Emit(OpCodes.Leave, afterFirst);
            body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Filter)
            {
                TryStart = try1, TryEnd = filter, FilterStart = filter, HandlerStart = catch1, HandlerEnd = afterFirst,
            });

            // try { try { if (mode == 2) throw; } fault { result += 100; } } catch (object) { result += 1000; }
            Mark(afterFirst, 6);
            il.Emit(OpCodes.Ldc_I4_2);
            var noThrow2 = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Bne_Un_S, noThrow2);
            Mark(il.Create(OpCodes.Newobj, exceptionCtor), 7);
            il.Emit(OpCodes.Throw);
            il.Append(noThrow2);
            var afterSecond = il.Create(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Leave, afterSecond);
            var fault = Mark(il.Create(OpCodes.Ldloc_0), 8);
            il.Emit(OpCodes.Ldc_I4, 100);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stloc_0);
            il.Emit(OpCodes.Endfinally);
            var catchAll = Mark(il.Create(OpCodes.Pop), 9);
            il.Emit(OpCodes.Ldloc_0);
            il.Emit(OpCodes.Ldc_I4, 1000);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stloc_0);
            il.Emit(OpCodes.Leave, afterSecond);
            body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Fault)
            {
                TryStart = afterFirst, TryEnd = fault, HandlerStart = fault, HandlerEnd = catchAll,
            });
            body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Catch)
            {
                TryStart = afterFirst, TryEnd = catchAll, HandlerStart = catchAll, HandlerEnd = afterSecond, CatchType = types.Object,
            });

            // try { if (mode == 3) throw; } finally { Finallies++; }  -- mode 3 leaves the method by the exception
            Mark(afterSecond, 10);
            il.Emit(OpCodes.Ldc_I4_3);
            var noThrow3 = il.Create(OpCodes.Nop);
            il.Emit(OpCodes.Bne_Un_S, noThrow3);
            Mark(il.Create(OpCodes.Newobj, exceptionCtor), 11);
            il.Emit(OpCodes.Throw);
            il.Append(noThrow3);
            il.Emit(OpCodes.Leave, end);
            var fin = Mark(il.Create(OpCodes.Ldsfld, finallies), 12);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stsfld, finallies);
            il.Emit(OpCodes.Endfinally);
            body.ExceptionHandlers.Add(new ExceptionHandler(ExceptionHandlerType.Finally)
            {
                TryStart = afterSecond, TryEnd = fin, HandlerStart = fin, HandlerEnd = end,
            });
            Mark(end, 13);
            il.Emit(OpCodes.Ret);

            long Count(int[] modes, Func<int, bool> ran) => modes.Count(ran);
            return new List<(int, Func<int[], long>)>
            {
                (1, m => m.Length),
                (2, m => Count(m, x => x == 1)),
                (3, m => Count(m, x => x != 1)),
                (4, m => Count(m, x => x == 1)),
                (5, m => Count(m, x => x == 1)),
                (6, m => m.Length),
                (7, m => Count(m, x => x == 2)),
                (8, m => Count(m, x => x == 2)),
                (9, m => Count(m, x => x == 2)),
                (10, m => m.Length),
                (11, m => Count(m, x => x == 3)),
                (12, m => m.Length),
                (13, m => Count(m, x => x != 3)),
            };
        }

        private static string Run(Type code, int mode)
        {
            try
            {
                var result = code.GetMethod("Handlers")!.Invoke(null, new object[] { mode });
                return $"{result} finallies={code.GetField("Finallies")!.GetValue(null)}";
            }
            catch (TargetInvocationException e)
            {
                return $"{e.InnerException!.GetType().Name} finallies={code.GetField("Finallies")!.GetValue(null)}";
            }
        }

        private static void Statement(SyntheticAssembly synthetic, MethodDefinition method, ILProcessor il, int line, int value, Instruction? first = null)
        {
            var start = first ?? il.Create(OpCodes.Ldloc_0);
            il.Append(start);
            synthetic.Line(method, start, line);
            il.Emit(OpCodes.Ldc_I4_S, (sbyte)value);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stloc_0);
        }

        /// <summary>Writes the assembly, weaves a copy, and loads both, each in a context of its own.</summary>
        private static (Type Plain, Type Woven) PlainAndWoven(SyntheticAssembly synthetic)
        {
            var path = synthetic.Write();
            var wovenDir = Path.Combine(synthetic.Directory, "woven");
            var log = new RecordingLog();
            var result = AssemblyInstrumenter.Instrument(path, Path.Combine(wovenDir, Path.GetFileName(path)), log: log);
            Assert.IsTrue(result.Instrumented, result.Message + string.Join("\n", log.Warnings));

            var plain = new DirectoryLoadContext("plain", synthetic.Directory).LoadFromAssemblyPath(path);
            var woven = new DirectoryLoadContext("woven", wovenDir).LoadFromAssemblyPath(Path.Combine(wovenDir, Path.GetFileName(path)));
            var outcome = MethodPreparer.PrepareAll(woven);
            Assert.AreEqual(0, outcome.Failures.Count, string.Join("\n", outcome.Failures));
            return (plain.GetType(synthetic.ModuleName)!, woven.GetType(synthetic.ModuleName)!);
        }
    }
}
