using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// The code of one line that may branch but cannot throw, followed forward to the next line it
    /// always reaches: a line holding a conditional expression (<c>x = c ? a : b;</c>, <c>&amp;&amp;</c>,
    /// <c>||</c>) followed by the next statement. When every way out of the line leads to the same
    /// next line, nothing jumps into the line's code from elsewhere and nothing jumps into that next
    /// line except from there, the next line runs exactly as often as the line.
    /// </summary>
    internal sealed class QuietRegions
    {
        private readonly Dictionary<Instruction, int> _index = new Dictionary<Instruction, int>();
        private readonly Dictionary<Instruction, List<Instruction>> _jumpSources;
        private readonly HashSet<Instruction> _boundaries;
        private readonly ICollection<Instruction> _lineStarts;

        /// <param name="body">The method's body, as compiled.</param>
        /// <param name="jumpSources">For each branch target, the branches and switches that jump to it.</param>
        /// <param name="boundaries">Exception-handler boundaries: control arrives there otherwise.</param>
        /// <param name="lineStarts">The instructions where executable lines start.</param>
        public QuietRegions(MethodBody body, Dictionary<Instruction, List<Instruction>> jumpSources, HashSet<Instruction> boundaries, ICollection<Instruction> lineStarts)
        {
            for (var i = 0; i < body.Instructions.Count; i++)
            {
                _index[body.Instructions[i]] = i;
            }

            _jumpSources = jumpSources;
            _boundaries = boundaries;
            _lineStarts = lineStarts;
        }

        /// <summary>The line start that every run from <paramref name="start"/> reaches exactly once, or null.</summary>
        public Instruction? End(Instruction start)
        {
            Instruction? end = null;
            var region = new HashSet<Instruction>();
            var pending = new Stack<Instruction>();
            pending.Push(start);
            while (pending.Count > 0)
            {
                var instruction = pending.Pop();
                if (!region.Add(instruction))
                {
                    continue;
                }

                var next = Successors(instruction);
                if (next == null)
                {
                    return null; // it may throw, return or leave: not every run reaches a next line
                }

                foreach (var successor in next)
                {
                    if (_index[successor] <= _index[instruction] || successor == start)
                    {
                        return null; // a jump back: a loop inside the line, or back to its start
                    }

                    if (_lineStarts.Contains(successor))
                    {
                        if (end != null && end != successor)
                        {
                            return null; // the line's code leads to two lines
                        }

                        end = successor;
                    }
                    else if (_boundaries.Contains(successor))
                    {
                        return null;
                    }
                    else
                    {
                        pending.Push(successor);
                    }
                }
            }

            if (end == null || _boundaries.Contains(end))
            {
                return null;
            }

            // Nothing may arrive in the line's code (after its start) or at the end from elsewhere.
            region.Add(end);
            foreach (var instruction in region)
            {
                if (instruction != start && !ArrivesOnlyFrom(instruction, region))
                {
                    return null;
                }
            }

            return end;
        }

        private bool ArrivesOnlyFrom(Instruction instruction, HashSet<Instruction> region)
        {
            var previous = instruction.Previous;
            if (previous != null && SharedCounters.FallsThrough(previous) && !region.Contains(previous))
            {
                return false;
            }

            if (_jumpSources.TryGetValue(instruction, out var sources))
            {
                foreach (var source in sources)
                {
                    if (!region.Contains(source))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        // Where control goes next from an instruction that cannot throw; null for anything else.
        private IEnumerable<Instruction>? Successors(Instruction instruction)
        {
            // A division's divisor is read from the instructions before it only if no jump lands
            // between them with another value (x / (c ? 0 : 2) ends in "ldc 2; div" too).
            var safeDivision = SharedCounters.IsSafeDivision(instruction)
                && !_jumpSources.ContainsKey(instruction)
                && !_jumpSources.ContainsKey(instruction.Previous);
            if (SharedCounters.CannotThrowOrJump(instruction) || safeDivision)
            {
                return instruction.Next == null ? null : new[] { instruction.Next };
            }

            switch (instruction.OpCode.Code)
            {
                case Code.Br:
                case Code.Br_S:
                    return new[] { (Instruction)instruction.Operand };
                case Code.Switch:
                    return instruction.Next == null ? null : new List<Instruction>((Instruction[])instruction.Operand) { instruction.Next };
            }

            if (instruction.OpCode.FlowControl == FlowControl.Cond_Branch && instruction.Operand is Instruction target && instruction.Next != null)
            {
                return new[] { target, instruction.Next };
            }

            return null;
        }
    }
}
