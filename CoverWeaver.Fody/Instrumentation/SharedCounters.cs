using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Finds lines whose counts are equal by construction, so one counter can serve them all and
    /// fewer probes run. Line B shares line A's counter when control can only reach B by falling
    /// through from A and nothing between them can branch or throw: then every time A starts, B
    /// starts, also when an exception ends a block early. The same holds when A's code branches but
    /// every way out of it leads forward to B, nothing on the way can throw and nothing else jumps
    /// in (a line holding a conditional expression, then the next line). A method's entry shares
    /// the counter of its first line when that line starts the method and nothing jumps back to it.
    /// </summary>
    internal static class SharedCounters
    {
        /// <summary>
        /// For each line start, the line starts whose probes' counts add up to its count: its leader
        /// alone, or, for a line that control reaches only by falling through and by unconditional
        /// jumps at the ends of quiet runs (a loop's condition, reached from the loop's entry and
        /// from the end of its body), the leaders of those runs, so that the line needs no probe.
        /// </summary>
        public static Dictionary<Instruction, Instruction[]> Counters(MethodDefinition method, ICollection<Instruction> lineStarts)
        {
            var scan = Scan(method, lineStarts);
            var body = method.Body;
            var sources = new Dictionary<Instruction, List<Instruction>>();
            foreach (var instruction in body.Instructions)
            {
                foreach (var target in Targets(instruction))
                {
                    if (!sources.TryGetValue(target, out var list))
                    {
                        sources[target] = list = new List<Instruction>();
                    }

                    list.Add(instruction);
                }
            }

            var boundaries = new HashSet<Instruction>(body.ExceptionHandlers
                .SelectMany(h => new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
                .Where(i => i != null)!);

            // A leader whose count is the sum of other leaders' counts.
            var derived = new Dictionary<Instruction, Instruction[]>();
            foreach (var leader in scan.Leaders.Values.Distinct())
            {
                var parts = SumOfArrivals(body, leader, scan, sources, boundaries);
                if (parts != null)
                {
                    derived[leader] = parts;
                }
            }

            // A sum may only name leaders that keep probes of their own.
            bool changed;
            do
            {
                changed = false;
                foreach (var leader in derived.Keys.ToList())
                {
                    if (derived[leader].Any(part => derived.ContainsKey(part)))
                    {
                        derived.Remove(leader);
                        changed = true;
                    }
                }
            }
            while (changed);

            // A leader reached only through the quiet, branching code of an earlier line counts what
            // that line counts. Regions only go forward, so following these links always ends.
            var sameAs = new Dictionary<Instruction, Instruction>();
            var regions = new QuietRegions(body, sources, boundaries, lineStarts);
            foreach (var leader in scan.Leaders.Values.Distinct())
            {
                var end = regions.End(leader);
                if (end != null && scan.Leaders.TryGetValue(end, out var endLeader) && endLeader == end && !derived.ContainsKey(end))
                {
                    sameAs[end] = leader;
                }
            }

            Instruction Counter(Instruction leader)
            {
                while (sameAs.TryGetValue(leader, out var earlier))
                {
                    leader = scan.Leaders[earlier];
                }

                return leader;
            }

            return scan.Leaders.ToDictionary(
                pair => pair.Key,
                pair =>
                {
                    var leader = Counter(pair.Value);
                    return derived.TryGetValue(leader, out var parts) ? parts.Select(Counter).ToArray() : new[] { leader };
                });
        }

        private static Instruction[]? SumOfArrivals(
            MethodBody body,
            Instruction leader,
            RunScan scan,
            Dictionary<Instruction, List<Instruction>> sources,
            HashSet<Instruction> boundaries)
        {
            if (body.Instructions[0] == leader || boundaries.Contains(leader) || !sources.TryGetValue(leader, out var jumps))
            {
                return null; // The method's start is also entered by calls; a line nothing jumps to has its own run.
            }

            var parts = new List<Instruction>();
            foreach (var jump in jumps)
            {
                if (jump.OpCode.Code != Code.Br && jump.OpCode.Code != Code.Br_S)
                {
                    return null; // A conditional branch or a switch: how often it jumps is not a line's count.
                }

                if (!scan.QuietUpTo.TryGetValue(jump, out var from) || from == null)
                {
                    return null;
                }

                parts.Add(from);
            }

            var previous = leader.Previous;
            if (previous != null && FallsThrough(previous))
            {
                if (!scan.QuietArrival.TryGetValue(leader, out var from) || from == null)
                {
                    return null;
                }

                parts.Add(from);
            }

            return parts.Count == 0 || parts.Contains(leader) ? null : parts.ToArray();
        }

        private static RunScan Scan(MethodDefinition method, ICollection<Instruction> lineStarts)
        {
            var scan = new RunScan();
            var entered = EnteredOtherwise(method.Body);
            Instruction? leader = null;
            var clean = false;
            foreach (var instruction in method.Body.Instructions)
            {
                // Whoever falls through into this instruction came by a quiet run from this leader.
                scan.QuietArrival[instruction] = clean ? leader : null;
                if (entered.Contains(instruction))
                {
                    // Control may arrive here from elsewhere: what follows runs more often than the leader.
                    clean = false;
                }

                if (lineStarts.Contains(instruction))
                {
                    leader = clean && leader != null ? leader : instruction;
                    scan.Leaders[instruction] = leader;
                    clean = true;
                }

                // Every run of the leader reaches this instruction (a jump here then always jumps).
                scan.QuietUpTo[instruction] = clean ? leader : null;

                // What follows this instruction is reached only from it if it cannot throw or jump.
                clean = clean && (CannotThrowOrJump(instruction) || IsSafeDivision(instruction));
            }

            return scan;
        }

        private static IEnumerable<Instruction> Targets(Instruction instruction)
        {
            switch (instruction.Operand)
            {
                case Instruction target:
                    return new[] { target };
                case Instruction[] many:
                    return many;
                default:
                    return Enumerable.Empty<Instruction>();
            }
        }

        /// <summary>Whether control may go on to the next instruction after this one.</summary>
        internal static bool FallsThrough(Instruction instruction)
        {
            switch (instruction.OpCode.FlowControl)
            {
                case FlowControl.Branch:
                case FlowControl.Return:
                case FlowControl.Throw:
                    return false;
                default:
                    return instruction.OpCode.Code != Code.Jmp;
            }
        }

        private sealed class RunScan
        {
            public Dictionary<Instruction, Instruction> Leaders { get; } = new Dictionary<Instruction, Instruction>();

            public Dictionary<Instruction, Instruction?> QuietArrival { get; } = new Dictionary<Instruction, Instruction?>();

            public Dictionary<Instruction, Instruction?> QuietUpTo { get; } = new Dictionary<Instruction, Instruction?>();
        }

        /// <summary>Whether the method's entry count always equals its first instruction's count.</summary>
        public static bool EntryIsFirstLine(MethodDefinition method, Instruction firstLineStart)
        {
            var instructions = method.Body.Instructions;
            return instructions.Count > 0 && instructions[0] == firstLineStart && !EnteredOtherwise(method.Body).Contains(firstLineStart);
        }

        /// <summary>Instructions control can reach other than by falling through: branch targets and handler boundaries.</summary>
        private static HashSet<Instruction> EnteredOtherwise(MethodBody body)
        {
            var targets = new HashSet<Instruction>();
            foreach (var instruction in body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case Instruction target:
                        targets.Add(target);
                        break;
                    case Instruction[] many:
                        targets.UnionWith(many);
                        break;
                }
            }

            foreach (var handler in body.ExceptionHandlers)
            {
                foreach (var boundary in new[] { handler.TryStart, handler.TryEnd, handler.HandlerStart, handler.HandlerEnd, handler.FilterStart })
                {
                    if (boundary != null)
                    {
                        targets.Add(boundary);
                    }
                }
            }

            return targets;
        }

        /// <summary>
        /// A division or remainder whose divisor is the constant just before it, neither 0 nor -1
        /// (which overflows on the smallest value), or a positive constant widened to 64 bits or to
        /// native size as C# writes it: it cannot throw. Floating-point division never throws. The
        /// instruction before is the divisor only if nothing jumps to the division, which callers
        /// ensure (a run restarts at a jump target; a quiet region admits none from outside).
        /// </summary>
        internal static bool IsSafeDivision(Instruction instruction)
        {
            var code = instruction.OpCode.Code;
            if (code != Code.Div && code != Code.Div_Un && code != Code.Rem && code != Code.Rem_Un)
            {
                return false;
            }

            var divisor = instruction.Previous;
            var widened = divisor != null && (divisor.OpCode.Code == Code.Conv_I8 || divisor.OpCode.Code == Code.Conv_U8 ||
                                              divisor.OpCode.Code == Code.Conv_I || divisor.OpCode.Code == Code.Conv_U);
            if (widened)
            {
                var constant = Constant(divisor!.Previous);
                return constant != null && constant.Value > 0;
            }

            if (divisor != null && (divisor.OpCode.Code == Code.Ldc_R4 || divisor.OpCode.Code == Code.Ldc_R8))
            {
                return true;
            }

            var value = Constant(divisor);
            var unsigned = code == Code.Div_Un || code == Code.Rem_Un;
            return value != null && value.Value != 0 && (unsigned || value.Value != -1);
        }

        private static long? Constant(Instruction? instruction)
        {
            switch (instruction?.OpCode.Code)
            {
                case Code.Ldc_I4_M1: return -1;
                case Code.Ldc_I4_0: return 0;
                case Code.Ldc_I4_1: return 1;
                case Code.Ldc_I4_2: return 2;
                case Code.Ldc_I4_3: return 3;
                case Code.Ldc_I4_4: return 4;
                case Code.Ldc_I4_5: return 5;
                case Code.Ldc_I4_6: return 6;
                case Code.Ldc_I4_7: return 7;
                case Code.Ldc_I4_8: return 8;
                case Code.Ldc_I4_S: return (sbyte)instruction.Operand;
                case Code.Ldc_I4: return (int)instruction.Operand;
                case Code.Ldc_I8: return (long)instruction.Operand;
                default: return null;
            }
        }

        /// <summary>Instructions that neither transfer control nor can raise an exception, whatever the values.</summary>
        internal static bool CannotThrowOrJump(Instruction instruction)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Nop:
                case Code.Ldarg: case Code.Ldarg_0: case Code.Ldarg_1: case Code.Ldarg_2: case Code.Ldarg_3: case Code.Ldarg_S:
                case Code.Ldarga: case Code.Ldarga_S: case Code.Starg: case Code.Starg_S:
                case Code.Ldloc: case Code.Ldloc_0: case Code.Ldloc_1: case Code.Ldloc_2: case Code.Ldloc_3: case Code.Ldloc_S:
                case Code.Ldloca: case Code.Ldloca_S:
                case Code.Stloc: case Code.Stloc_0: case Code.Stloc_1: case Code.Stloc_2: case Code.Stloc_3: case Code.Stloc_S:
                case Code.Ldc_I4: case Code.Ldc_I4_S: case Code.Ldc_I4_M1: case Code.Ldc_I4_0: case Code.Ldc_I4_1: case Code.Ldc_I4_2:
                case Code.Ldc_I4_3: case Code.Ldc_I4_4: case Code.Ldc_I4_5: case Code.Ldc_I4_6: case Code.Ldc_I4_7: case Code.Ldc_I4_8:
                case Code.Ldc_I8: case Code.Ldc_R4: case Code.Ldc_R8: case Code.Ldnull: case Code.Ldstr:
                case Code.Dup: case Code.Pop:
                case Code.Add: case Code.Sub: case Code.Mul: case Code.And: case Code.Or: case Code.Xor: case Code.Not: case Code.Neg:
                case Code.Shl: case Code.Shr: case Code.Shr_Un:
                case Code.Ceq: case Code.Cgt: case Code.Cgt_Un: case Code.Clt: case Code.Clt_Un:
                case Code.Conv_I: case Code.Conv_I1: case Code.Conv_I2: case Code.Conv_I4: case Code.Conv_I8:
                case Code.Conv_U: case Code.Conv_U1: case Code.Conv_U2: case Code.Conv_U4: case Code.Conv_U8:
                case Code.Conv_R4: case Code.Conv_R8: case Code.Conv_R_Un:
                    return true;
                default:
                    return false;
            }
        }
    }
}
