using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Which sequence points make a line executable: every visible one except those covering only
    /// a brace, a label or a bare jump (<c>break;</c>, <c>continue;</c>, <c>goto retry;</c>). These
    /// mark where blocks start and end or where control goes rather than code the user wrote to
    /// run, and optimized builds drop most of them, so counting them would make Debug and Release
    /// disagree.
    /// <para>
    /// The decision reads the PDB and the IL only, never the source files: whether the sources are
    /// on disk when the assembly is woven must not change its probes (they would be a hidden input
    /// of the build, and its fingerprint would differ between a developer's machine and a CI agent
    /// that has only the binaries). What the PDB gives is the point's span (so its width when it
    /// is on one line), its document's language, and the IL from the point to the next one:
    /// </para>
    /// <list type="bullet">
    /// <item>C# and Visual Basic: a point whose IL is only <c>nop</c>s does nothing: a <c>{</c>, a
    /// label, an empty statement, the <c>foreach</c> keyword (its collection and <c>in</c> count on
    /// the same line), the start of a switch expression (its arms count), a Visual Basic header,
    /// <c>End If</c>, <c>Else</c>, <c>Try</c>, a <c>Case</c> the compiler made a jump table of.
    /// Optimized builds drop all of these.</item>
    /// <item>C#: one column wide is <c>{</c> or <c>}</c>, unless it is a one-character expression
    /// (a lambda's or switch arm's <c>x</c> or <c>0</c>); a brace's IL is bookkeeping (see
    /// <see cref="IsBookkeeping"/>), an expression's computes a value.</item>
    /// <item>C#: a point whose IL is one unconditional jump is a bare jump, except <c>return;</c>,
    /// which counts: it is seven columns wide and jumps to where the method returns (a
    /// <c>goto x;</c> is seven wide too, but jumps to its label).</item>
    /// <item>Visual Basic: its braces are a method's header (only <c>nop</c>, see above) and
    /// <c>End Function</c>, <c>End Sub</c>, <c>End Get</c>... at the method's end, the last point
    /// of the method in source, whose IL is bookkeeping, and <c>End Using</c> and <c>End SyncLock</c>,
    /// the compiler's finally (a <c>Dispose</c> call, <c>endfinally</c>). Its bare jumps (<c>Exit For</c>,
    /// <c>Continue Do</c>, <c>GoTo x</c>, <c>Loop</c>, <c>Exit Sub</c>) are a lone jump or return,
    /// except <c>Return</c> (six wide). <c>Sub New</c>'s header calls the base constructor, so it
    /// counts; <c>Next</c>, <c>Case</c> tests and <c>Loop Until</c> compute, so they count.</item>
    /// <item>F# needs no rule: its sequence points sit on code that runs, and a <c>match x with</c>
    /// line is executable because the matched expression is evaluated there, once per match, as a
    /// <c>switch (x)</c> line is in C#; a guard (<c>| n when n &lt; 0 -&gt;</c>) runs each time it is
    /// tried. Even its <c>nop</c>-only points (an <c>if</c> in a <c>seq</c>) are kept.</item>
    /// </list>
    /// </summary>
    internal static class ExecutableLines
    {
        private const int ReturnWidthCSharp = 7; // "return;"
        private const int ReturnWidthVisualBasic = 6; // "Return"

        private enum Language
        {
            CSharp,
            VisualBasic,
            FSharp,
        }

        /// <summary>The executable sequence points of a method's body, each with the instruction it starts at.</summary>
        public static IEnumerable<(SequencePoint Point, Instruction At)> Of(MethodDefinition method)
        {
            if (!method.HasBody || !method.DebugInformation.HasSequencePoints)
            {
                yield break;
            }

            var instructions = method.Body.Instructions;
            var indexOf = new Dictionary<int, int>();
            for (var i = 0; i < instructions.Count; i++)
            {
                indexOf[instructions[i].Offset] = i;
            }

            // A point's code runs from its offset to the next point's (hidden ones included).
            var points = method.DebugInformation.SequencePoints.Where(p => indexOf.ContainsKey(p.Offset)).OrderBy(p => p.Offset).ToList();
            var visible = points.Where(p => !p.IsHidden && p.StartLine > 0).ToList();
            var last = visible.Count == 0 ? null : visible.OrderBy(p => p.StartLine).ThenBy(p => p.StartColumn).Last();
            var stateMachine = method.Name == "MoveNext" && Names.IsGenerated(method.DeclaringType);
            for (var k = 0; k < points.Count; k++)
            {
                var point = points[k];
                if (point.IsHidden || point.StartLine <= 0)
                {
                    continue;
                }

                var start = indexOf[point.Offset];
                var end = k + 1 < points.Count ? indexOf[points[k + 1].Offset] : instructions.Count;
                var code = new List<Instruction>(end - start);
                for (var i = start; i < end; i++)
                {
                    code.Add(instructions[i]);
                }

                if (IsExecutable(point, code, point == last, stateMachine))
                {
                    yield return (point, instructions[start]);
                }
            }
        }

        private static bool IsExecutable(SequencePoint point, List<Instruction> code, bool lastInSource, bool stateMachine)
        {
            var language = LanguageOf(point.Document);
            if (language == Language.FSharp)
            {
                return true;
            }

            var work = code.SkipWhile(i => i.OpCode.Code == Code.Nop).ToList();
            if (work.Count == 0)
            {
                return false;
            }

            var width = point.StartLine == point.EndLine ? point.EndColumn - point.StartColumn : -1;
            var loneJump = work.Count == 1 && IsJump(work[0]);
            if (language == Language.VisualBasic)
            {
                if (lastInSource && IsBookkeeping(work, stateMachine))
                {
                    return false; // End Function, End Sub, End Get...
                }

                if (IsFinallyEpilogue(work))
                {
                    return false; // End Using, End SyncLock
                }

                return !((loneJump || (work.Count == 1 && work[0].OpCode.Code == Code.Ret)) && width != ReturnWidthVisualBasic);
            }

            // A one-character expression starts computing at once; a brace in Debug code starts with a nop.
            if (width == 1 && (code[0].OpCode.Code == Code.Nop || IsBookkeeping(work, stateMachine)))
            {
                return false; // { or }
            }

            // "return;" and "goto x;" are both seven wide: a return goes to the method's end.
            return !(loneJump && (width != ReturnWidthCSharp || !GoesToTheEnd((Instruction)work[0].Operand, stateMachine)));
        }

        /// <summary>
        /// Whether a jump's target is where the method returns: a <c>ret</c>, past <c>nop</c>s and
        /// jumps, or in a state machine the closing brace's upkeep that ends it (see <see cref="IsBookkeeping"/>).
        /// </summary>
        private static bool GoesToTheEnd(Instruction? target, bool stateMachine)
        {
            for (var steps = 0; target != null && steps < 16; steps++)
            {
                switch (target.OpCode.Code)
                {
                    case Code.Nop:
                        target = target.Next;
                        continue;
                    case Code.Br:
                    case Code.Br_S:
                    case Code.Leave:
                    case Code.Leave_S:
                        target = target.Operand as Instruction;
                        continue;
                    case Code.Ret:
                        return true;
                    case Code.Ldarg_0:
                        return stateMachine && target.Next != null && IsConstant(target.Next) && target.Next.Next?.OpCode.Code == Code.Stfld;
                    default:
                        return IsLoadLocal(target) && target.Next?.OpCode.Code == Code.Ret;
                }
            }

            return false;
        }

        /// <summary>
        /// The finally the compiler writes at Visual Basic's <c>End Using</c> and <c>End SyncLock</c>:
        /// at most a null test and a <c>Dispose</c> call of the resource's local, then <c>endfinally</c>.
        /// </summary>
        private static bool IsFinallyEpilogue(List<Instruction> work)
        {
            if (work[work.Count - 1].OpCode.Code != Code.Endfinally)
            {
                return false;
            }

            foreach (var instruction in work)
            {
                switch (instruction.OpCode.Code)
                {
                    case Code.Nop:
                    case Code.Endfinally:
                    case Code.Brfalse:
                    case Code.Brfalse_S:
                    case Code.Constrained:
                    case Code.Ldloca:
                    case Code.Ldloca_S:
                        continue;
                    case Code.Call:
                    case Code.Callvirt:
                        if (instruction.Operand is MethodReference { Name: "Dispose" })
                        {
                            continue;
                        }

                        return false;
                    default:
                        if (IsLoadLocal(instruction))
                        {
                            continue;
                        }

                        return false;
                }
            }

            return true;
        }

        private static bool IsJump(Instruction instruction)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Br:
                case Code.Br_S:
                case Code.Leave:
                case Code.Leave_S:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Code the compiler puts at a block's edge, never a value the user computes: a jump out,
        /// <c>endfinally</c>, a return (of the local holding the return value, in Debug code), and in
        /// a state machine's <c>MoveNext</c> the machine's own upkeep at its closing brace: a store
        /// of a constant or null in its own field (its state, a finished awaiter), a call of its own
        /// finally helper, and returning false (an iterator that is done).
        /// </summary>
        private static bool IsBookkeeping(List<Instruction> work, bool stateMachine)
        {
            var first = work[0];
            var second = work.Count > 1 ? work[1] : null;
            switch (first.OpCode.Code)
            {
                case Code.Ret:
                case Code.Br:
                case Code.Br_S:
                case Code.Leave:
                case Code.Leave_S:
                case Code.Endfinally:
                    return true;
            }

            if (IsLoadLocal(first) && second?.OpCode.Code == Code.Ret)
            {
                return true;
            }

            if (!stateMachine)
            {
                return false;
            }

            if (first.OpCode.Code == Code.Ldarg_0 && second != null)
            {
                if (second.OpCode.Code == Code.Call)
                {
                    return true;
                }

                var third = work.Count > 2 ? work[2].OpCode.Code : Code.Nop;
                return (IsConstant(second) || second.OpCode.Code == Code.Ldnull) && (third == Code.Stfld || third == Code.Dup);
            }

            if (first.OpCode.Code == Code.Ldc_I4_0 && second != null)
            {
                var third = work.Count > 2 ? work[2] : null;
                return second.OpCode.Code == Code.Ret || (IsStoreLocal(second) && third != null && (third.OpCode.Code == Code.Leave || third.OpCode.Code == Code.Leave_S));
            }

            return false;
        }

        private static bool IsLoadLocal(Instruction instruction)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Ldloc:
                case Code.Ldloc_S:
                case Code.Ldloc_0:
                case Code.Ldloc_1:
                case Code.Ldloc_2:
                case Code.Ldloc_3:
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsStoreLocal(Instruction instruction)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Stloc:
                case Code.Stloc_S:
                case Code.Stloc_0:
                case Code.Stloc_1:
                case Code.Stloc_2:
                case Code.Stloc_3:
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsConstant(Instruction instruction)
        {
            switch (instruction.OpCode.Code)
            {
                case Code.Ldc_I4:
                case Code.Ldc_I4_S:
                case Code.Ldc_I4_M1:
                case Code.Ldc_I4_0:
                case Code.Ldc_I4_1:
                case Code.Ldc_I4_2:
                case Code.Ldc_I4_3:
                case Code.Ldc_I4_4:
                case Code.Ldc_I4_5:
                case Code.Ldc_I4_6:
                case Code.Ldc_I4_7:
                case Code.Ldc_I4_8:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The PDB names each document's language; the file's extension answers for a PDB that does not.</summary>
        private static Language LanguageOf(Document document)
        {
            switch (document.Language)
            {
                case DocumentLanguage.Basic:
                    return Language.VisualBasic;
                case DocumentLanguage.FSharp:
                    return Language.FSharp;
                case DocumentLanguage.CSharp:
                    return Language.CSharp;
            }

            var url = document.Url;
            if (url.EndsWith(".vb", StringComparison.OrdinalIgnoreCase))
            {
                return Language.VisualBasic;
            }

            return url.EndsWith(".fs", StringComparison.OrdinalIgnoreCase) || url.EndsWith(".fsx", StringComparison.OrdinalIgnoreCase) || url.EndsWith(".fsi", StringComparison.OrdinalIgnoreCase)
                ? Language.FSharp
                : Language.CSharp;
        }
    }
}
