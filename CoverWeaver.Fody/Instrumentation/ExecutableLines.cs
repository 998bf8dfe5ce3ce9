using Mono.Cecil.Cil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Which sequence points make a line executable: every visible one except those covering only
    /// a brace, a label or a bare jump (<c>break;</c>, <c>continue;</c>, <c>goto x;</c>). These mark
    /// where blocks start and end or where control goes rather than code the user wrote to run,
    /// and optimized builds drop them, so counting them would make Debug and Release disagree.
    /// Visual Basic has its own words for these (<see cref="VisualBasicLines"/>). F# needs no rule
    /// of its own: its sequence points sit on code that runs, and a <c>match x with</c> line is
    /// executable because the matched expression is evaluated there, once per match, as a
    /// <c>switch (x)</c> line is in C#; a guard (<c>| n when n &lt; 0 -&gt;</c>) runs each time it is tried.
    /// </summary>
    internal sealed class ExecutableLines
    {
        private readonly SourceText _source;

        public ExecutableLines(SourceText source)
        {
            _source = source;
        }

        public bool IsExecutable(SequencePoint point, Instruction at)
        {
            if (point.IsHidden || point.StartLine <= 0)
            {
                return false;
            }

            var text = SingleLineText(point);
            if (text != null)
            {
                text = text.Trim();
                if (VisualBasicLines.IsVisualBasic(point.Document.Url))
                {
                    return !IsLabel(text) && !VisualBasicLines.IsBlockBoundary(text);
                }

                return text != "{" && text != "}" && !IsLabel(text) && !IsJump(text);
            }

            // No source to look at: a one-character point on a no-op or a return is a brace.
            var oneCharacter = point.StartLine == point.EndLine && point.EndColumn - point.StartColumn == 1;
            return !(oneCharacter && (at.OpCode.Code == Code.Nop || at.OpCode.Code == Code.Ret));
        }

        private static bool IsJump(string text)
        {
            return text == "break;" || text == "continue;" ||
                   (text.StartsWith("goto ", System.StringComparison.Ordinal) && text.EndsWith(";", System.StringComparison.Ordinal));
        }

        private static bool IsLabel(string text)
        {
            if (text.Length < 2 || text[text.Length - 1] != ':' || !(char.IsLetter(text[0]) || text[0] == '_'))
            {
                return false;
            }

            for (var i = 1; i < text.Length - 1; i++)
            {
                if (!char.IsLetterOrDigit(text[i]) && text[i] != '_')
                {
                    return false;
                }
            }

            return true;
        }

        private string? SingleLineText(SequencePoint point)
        {
            if (point.StartLine != point.EndLine)
            {
                return null;
            }

            var lines = _source.Lines(point.Document.Url);
            if (lines == null || point.StartLine > lines.Length)
            {
                return null;
            }

            var line = lines[point.StartLine - 1];
            var start = point.StartColumn - 1;
            var length = point.EndColumn - point.StartColumn;
            return start >= 0 && length > 0 && start + length <= line.Length ? line.Substring(start, length) : null;
        }
    }
}
