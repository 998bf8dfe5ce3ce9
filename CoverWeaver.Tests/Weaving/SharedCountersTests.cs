using System.Linq;
using CoverWeaver.Fody.Instrumentation;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Tests.Weaving
{
    /// <summary>Which lines may share a counter: only those every run of the previous line is sure to reach.</summary>
    [TestClass]
    public sealed class SharedCountersTests
    {
        [TestMethod]
        public void ALineReachedOnlyByFallingThroughQuietCodeSharesTheCounterBeforeIt()
        {
            var (method, il) = NewMethod();
            var a = Line(il, OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Stloc_0);
            var b = Line(il, OpCodes.Ldloc_0);       // reached only from a, through a store: shares a's
            il.Emit(OpCodes.Ldc_I4_2);
            il.Emit(OpCodes.Div);                     // may throw: what follows can run less often
            il.Emit(OpCodes.Stloc_0);
            var c = Line(il, OpCodes.Ldloc_0);
            il.Emit(OpCodes.Brtrue, c);               // c is also reached by a jump
            var d = Line(il, OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ret);

            var counters = SharedCounters.Counters(method, new[] { a, b, c, d });

            Assert.AreSame(a, counters[a].Single());
            Assert.AreSame(a, counters[b].Single());
            Assert.AreSame(c, counters[c].Single(), "a division may throw between b and c");
            Assert.AreSame(d, counters[d].Single(), "a conditional branch ends c's run");
            Assert.IsTrue(SharedCounters.EntryIsFirstLine(method, a));
        }

        [TestMethod]
        public void AJumpIntoTheMiddleOfARunOrToTheFirstLineStopsSharing()
        {
            var (method, il) = NewMethod();
            var a = Line(il, OpCodes.Ldc_I4_1);
            var middle = il.Create(OpCodes.Stloc_0);
            il.Append(middle);
            var b = Line(il, OpCodes.Ldloc_0);
            il.Emit(OpCodes.Brtrue, a);               // back to the first line: a loop, not only entries
            var c = Line(il, OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Br, middle);

            var counters = SharedCounters.Counters(method, new[] { a, b, c });

            Assert.AreSame(b, counters[b].Single(), "the jump to the store between a and b makes b run more often than a");
            Assert.IsFalse(SharedCounters.EntryIsFirstLine(method, a), "a is entered by the loop too");
        }

        [TestMethod]
        public void ALoopConditionIsCountedAsTheSumOfTheLoopsEntryAndTheEndOfItsBody()
        {
            // for (i = 0; i < 3; i++) { body }: init jumps to the condition; the increment falls into it.
            var (method, il) = NewMethod();
            var init = Line(il, OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Stloc_0);
            var condition = il.Create(OpCodes.Ldloc_0);
            il.Emit(OpCodes.Br, condition);
            var body = Line(il, OpCodes.Ldloc_0);
            il.Emit(OpCodes.Call, method);                 // may throw: the increment needs a counter of its own
            il.Emit(OpCodes.Pop);
            var increment = Line(il, OpCodes.Ldloc_0);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Stloc_0);
            il.Append(condition);
            il.Emit(OpCodes.Ldc_I4_3);
            il.Emit(OpCodes.Blt, body);
            var end = Line(il, OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ret);

            var counters = SharedCounters.Counters(method, new[] { init, body, increment, condition, end });

            CollectionAssert.AreEquivalent(new[] { init, increment }, counters[condition], "condition = entries + completed bodies");
            CollectionAssert.AreEqual(new[] { body }, counters[body]);
            CollectionAssert.AreEqual(new[] { increment }, counters[increment]);
            CollectionAssert.AreEqual(new[] { end }, counters[end], "reached by the condition's fall-through, a conditional branch");
        }

        private static (MethodDefinition Method, ILProcessor Il) NewMethod()
        {
            var module = ModuleDefinition.CreateModule("Shared", ModuleKind.Dll);
            var method = new MethodDefinition("M", MethodAttributes.Static, module.TypeSystem.Int32);
            method.Body.Variables.Add(new VariableDefinition(module.TypeSystem.Int32));
            return (method, method.Body.GetILProcessor());
        }

        private static Instruction Line(ILProcessor il, OpCode opcode)
        {
            var instruction = il.Create(opcode);
            il.Append(instruction);
            return instruction;
        }
    }
}
