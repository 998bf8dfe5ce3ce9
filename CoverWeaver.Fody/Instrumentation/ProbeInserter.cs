using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Puts probes into a method body. A probe is four instructions that leave the stack as they
    /// found it: <c>ldsfld Counters; ldc.i4 slot*8; add; call Hit(long*)</c>.
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
                at.OpCode = OpCodes.Ldsfld;
                at.Operand = _runtime.Counters;
                var position = index[at];
                var rest = ProbeTail(slot).Concat(new[] { original }).ToList();
                for (var i = 0; i < rest.Count; i++)
                {
                    instructions.Insert(position + 1 + i, rest[i]);
                }
            }

            if (entrySlot != null)
            {
                // Inserted before the first instruction without taking its place: a branch back to
                // the start of the method (a loop made of a tail call) is not an entry.
                var probe = new[] { Instruction.Create(OpCodes.Ldsfld, _runtime.Counters) }.Concat(ProbeTail(entrySlot.Value)).ToList();
                for (var i = 0; i < probe.Count; i++)
                {
                    instructions.Insert(i, probe[i]);
                }

                HideFromDebugger(method, probe[0]);
            }

            body.OptimizeMacros();
        }

        private IEnumerable<Instruction> ProbeTail(int slot)
        {
            yield return Instruction.Create(OpCodes.Ldc_I4, checked(slot * sizeof(long)));
            yield return Instruction.Create(OpCodes.Add);
            yield return Instruction.Create(OpCodes.Call, _runtime.Hit);
        }

        /// <summary>A hidden sequence point over the entry probe, so a debugger stepping in skips it.</summary>
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
