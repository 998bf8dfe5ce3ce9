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
            il.Emit(OpCodes.Ldloc_0);
            il.Emit(OpCodes.Div);                     // may throw (by zero): what follows can run less often
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

        [TestMethod]
        public void ADivisionByAConstantThatIsNeitherZeroNorMinusOneCannotThrow()
        {
            var (method, il) = NewMethod();
            var a = Line(il, OpCodes.Ldloc_0);
            il.Emit(OpCodes.Ldc_I4_2);
            il.Emit(OpCodes.Div);                     // cannot throw
            il.Emit(OpCodes.Ldc_I4_S, (sbyte)100);
            il.Emit(OpCodes.Conv_I8);                 // as C# widens a constant for a long division
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Stloc_0);
            var b = Line(il, OpCodes.Ldloc_0);
            il.Emit(OpCodes.Ldc_I4_M1);
            il.Emit(OpCodes.Rem);                     // int.MinValue % -1 throws
            il.Emit(OpCodes.Stloc_0);
            var c = Line(il, OpCodes.Ldloc_0);
            il.Emit(OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Div_Un);                  // by zero
            il.Emit(OpCodes.Stloc_0);
            var d = Line(il, OpCodes.Ldc_I4_0);
            il.Emit(OpCodes.Ret);

            var counters = SharedCounters.Counters(method, new[] { a, b, c, d });

            Assert.AreSame(a, counters[b].Single(), "a division by 2 cannot throw");
            Assert.AreSame(c, counters[c].Single(), "a remainder by -1 may throw");
            Assert.AreSame(d, counters[d].Single(), "a division by 0 throws");
        }

        [TestMethod]
        public void TheLineAfterALineThatBranchesQuietlyToItSharesItsCounter()
        {
            // a: x = x != 0 ? 1 : 2;  b: the next line, reached by both ways out of a and from nowhere else.
            var (method, il) = NewMethod();
            var a = Line(il, OpCodes.Ldloc_0);
            var two = il.Create(OpCodes.Ldc_I4_2);
            var store = il.Create(OpCodes.Stloc_0);
            il.Emit(OpCodes.Brfalse, two);
            il.Emit(OpCodes.Ldc_I4_1);
            il.Emit(OpCodes.Br, store);
            il.Append(two);
            il.Append(store);
            var b = Line(il, OpCodes.Ldloc_0);
            il.Emit(OpCodes.Ret);

            var counters = SharedCounters.Counters(method, new[] { a, b });

            Assert.AreSame(a, counters[b].Single());
        }

        [TestMethod]
        public void ABranchingLineSharesNothingIfItMayThrowJumpsBackIsEnteredFromElsewhereOrLeadsToTwoLines()
        {
            // Each case is the diamond above with one thing changed; b must keep a counter of its own.
            foreach (var change in new[] { "throws", "back", "entered", "two lines", "divisor by a branch" })
            {
                var (method, il) = NewMethod();
                var a = Line(il, OpCodes.Ldloc_0);
                var two = il.Create(OpCodes.Ldc_I4_2);
                var store = il.Create(change == "divisor by a branch" ? OpCodes.Div : OpCodes.Stloc_0);
                il.Emit(OpCodes.Brfalse, two);
                il.Emit(change == "divisor by a branch" ? OpCodes.Ldc_I4_0 : OpCodes.Ldc_I4_1);
                il.Emit(OpCodes.Br, store);
                il.Append(two);
                if (change == "throws")
                {
                    il.Emit(OpCodes.Call, method);     // a call may throw
                    il.Emit(OpCodes.Pop);
                }

                if (change == "back")
                {
                    il.Emit(OpCodes.Brtrue, a);        // a loop inside the line
                    il.Emit(OpCodes.Ldc_I4_2);
                }

                il.Append(store);
                if (change == "divisor by a branch")
                {
                    il.Emit(OpCodes.Stloc_0);         // x / (c ? 0 : 2): the division's divisor may be 0
                }

                var b = Line(il, OpCodes.Ldloc_0);
                il.Emit(OpCodes.Pop);
                var c = Line(il, OpCodes.Ldc_I4_0);
                if (change == "entered")
                {
                    il.Emit(OpCodes.Br, two);          // from elsewhere into a's code
                }
                else if (change == "two lines")
                {
                    il.Emit(OpCodes.Ret);
                    method.Body.Instructions[1].Operand = c; // a's branch now leads to c as well
                }
                else
                {
                    il.Emit(OpCodes.Ret);
                }

                var counters = SharedCounters.Counters(method, new[] { a, b, c });

                Assert.AreSame(b, counters[b].Single(), change);
            }
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
