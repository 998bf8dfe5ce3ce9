using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using CoverWeaver.Model;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Puts probes into a method body, as inline IL that leaves the stack as it found it. The
    /// method first loads where its counters are into a local (as JaCoCo keeps its probe array in
    /// a local): in count mode its thread's block, then each probe is a plain 64-bit increment
    /// <c>*(long*)(block + slot*8) += 1</c>; in set mode the shared probe bytes, then each probe
    /// sets <c>*(byte*)(block + slot)</c> to 1 unless it already is.
    /// </summary>
    internal sealed class ProbeInserter
    {
        private readonly RuntimeReferences _runtime;

        public ProbeInserter(RuntimeReferences runtime)
        {
            _runtime = runtime;
        }

        /// <param name="method">The method to change.</param>
        /// <param name="points">Instructions where an executable sequence point starts, each with its slot.</param>
        /// <param name="entrySlot">The slot counting the method's entries, or null.</param>
        public void Instrument(MethodDefinition method, IReadOnlyList<(Instruction At, int Slot)> points, int? entrySlot)
        {
            var body = method.Body;
            body.SimplifyMacros();
            // Both modes keep the base address in a local for the whole method: one load on entry,
            // then each probe addresses [local + slot] with no static field access.
            var block = new VariableDefinition(method.Module.TypeSystem.IntPtr);
            body.Variables.Add(block);

            var instructions = body.Instructions;
            var index = new Dictionary<Instruction, int>();
            for (var i = 0; i < instructions.Count; i++)
            {
                index[instructions[i]] = i;
            }

            // Highest index first, so the indices still to visit stay valid as the body grows.
            foreach (var (at, slot) in points.OrderByDescending(p => index[p.At]))
            {
                // The sequence point's instruction itself becomes the probe's first instruction and
                // its original reappears after the probe. Every branch, handler boundary, scope and
                // sequence point that named it now starts at the probe, so the probe runs however
                // control reaches the line, and the line's debug information still covers it.
                var original = Instruction.Create(OpCodes.Nop);
                original.OpCode = at.OpCode;
                original.Operand = at.Operand;
                var probe = Probe(slot, block, original);
                at.OpCode = probe[0].OpCode;
                at.Operand = probe[0].Operand;
                var position = index[at];
                var rest = probe.Skip(1).Concat(new[] { original }).ToList();
                for (var i = 0; i < rest.Count; i++)
                {
                    instructions.Insert(position + 1 + i, rest[i]);
                }
            }

            // Inserted before the first instruction without taking its place: a branch back to the
            // start of the method (a loop made of a tail call) is not an entry, and finds the block set.
            var start = new List<Instruction>(FetchBlock(block));

            if (entrySlot != null)
            {
                start.AddRange(Probe(entrySlot.Value, block, instructions[0]));
            }

            for (var i = 0; i < start.Count; i++)
            {
                instructions.Insert(i, start[i]);
            }

            if (start.Count > 0)
            {
                HideFromDebugger(method, start[0]);
            }

            body.OptimizeMacros();
        }

        /// <summary>
        /// The probe's instructions; the first is the one a branch to the line lands on, and
        /// <paramref name="next"/> is the instruction that runs after the probe.
        /// </summary>
        private List<Instruction> Probe(int slot, VariableDefinition block, Instruction next)
        {
            if (_runtime.Mode == CountingMode.Set)
            {
                // if (*(byte*)(block + slot) == 0) *(byte*)(block + slot) = 1. A line that has run
                // is only read again: threads running the same code keep the probe bytes' cache
                // lines shared instead of taking them from each other on every store, which made
                // set mode slower than count mode when tests ran in parallel.
                return new List<Instruction>
                {
                    Instruction.Create(OpCodes.Ldloc, block),
                    Instruction.Create(OpCodes.Ldc_I4, slot),
                    Instruction.Create(OpCodes.Add),
                    Instruction.Create(OpCodes.Ldind_U1),
                    Instruction.Create(OpCodes.Brtrue, next),
                    Instruction.Create(OpCodes.Ldloc, block),
                    Instruction.Create(OpCodes.Ldc_I4, slot),
                    Instruction.Create(OpCodes.Add),
                    Instruction.Create(OpCodes.Ldc_I4_1),
                    Instruction.Create(OpCodes.Stind_I1),
                };
            }

            // The address computed twice rather than duplicated: the JIT then sees one address
            // expression on both sides and emits a single `inc qword [block + offset]`; with `dup` it
            // kept the address in a temporary (an extra `lea` per probe).
            return new List<Instruction>
            {
                Instruction.Create(OpCodes.Ldloc, block),
                Instruction.Create(OpCodes.Ldc_I4, checked(slot * sizeof(long))),
                Instruction.Create(OpCodes.Add),
                Instruction.Create(OpCodes.Ldloc, block),
                Instruction.Create(OpCodes.Ldc_I4, checked(slot * sizeof(long))),
                Instruction.Create(OpCodes.Add),
                Instruction.Create(OpCodes.Ldind_I8),
                Instruction.Create(OpCodes.Ldc_I4_1),
                Instruction.Create(OpCodes.Conv_I8),
                Instruction.Create(OpCodes.Add),
                Instruction.Create(OpCodes.Stind_I8),
            };
        }

        /// <summary>
        /// Count mode: <c>block = Holder.Block; if (block == 0) block = Holder.NewBlock();</c> (the thread's block).
        /// Set mode: <c>block = Holder.Counters;</c> (the assembly's probe bytes).
        /// </summary>
        private IEnumerable<Instruction> FetchBlock(VariableDefinition block)
        {
            var store = Instruction.Create(OpCodes.Stloc, block);
            if (_runtime.Mode == CountingMode.Set)
            {
                yield return Instruction.Create(OpCodes.Ldsfld, _runtime.Counters);
                yield return store;
                yield break;
            }

            yield return Instruction.Create(OpCodes.Ldsfld, _runtime.Counters);
            yield return Instruction.Create(OpCodes.Dup);
            yield return Instruction.Create(OpCodes.Brtrue, store);
            yield return Instruction.Create(OpCodes.Pop);
            yield return Instruction.Create(OpCodes.Call, _runtime.NewBlock);
            yield return store;
        }

        /// <summary>A hidden sequence point over what runs on entry, so a debugger stepping in skips it.</summary>
        private static void HideFromDebugger(MethodDefinition method, Instruction first)
        {
            var points = method.DebugInformation.SequencePoints;
            if (points.Count == 0)
            {
                return;
            }

            points.Insert(0, new SequencePoint(first, points[0].Document)
            {
                StartLine = 0xFEEFEE,
                EndLine = 0xFEEFEE,
                StartColumn = 0,
                EndColumn = 0,
            });
        }
    }
}
