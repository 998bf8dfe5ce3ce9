using System;
using System.Text.RegularExpressions;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Visual Basic's counterparts of C#'s braces and bare jumps. The VB compiler puts a sequence
    /// point on a method's header (<c>Public Function F() As Integer</c>) where C# has its <c>{</c>,
    /// and on <c>End Function</c>, <c>End If</c>, <c>End Using</c>... where C# has its <c>}</c>;
    /// these mark where blocks start and end, not code the user wrote to run, so they are not
    /// executable lines. <c>Sub New</c> is the exception: like C#'s constructor line it runs the
    /// base constructor and field initialisers. <c>Next</c> (the loop's step and test), <c>Case</c>
    /// tests and <c>Loop Until</c> conditions are code that runs, and stay executable.
    /// </summary>
    internal static class VisualBasicLines
    {
        private static readonly Regex Header = new Regex(
            @"^((Public|Private|Protected|Friend|Shared|Overrides|Overridable|NotOverridable|MustOverride|Overloads|Shadows|Async|Iterator|Partial|Default|ReadOnly|WriteOnly|Narrowing|Widening|Custom)\s+)*(Sub|Function|Get|Set|AddHandler|RemoveHandler|RaiseEvent|Operator)\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex BlockEnd = new Regex(@"^End\s+[A-Za-z]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex Constructor = new Regex(@"\bSub\s+New\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private static readonly Regex Jump = new Regex(
            @"^(Exit\s+(Sub|Function|Property|For|Do|While|Select|Try)|Continue\s+(For|Do|While)|GoTo\s+\w+|Loop|Do|Try|Finally|Else)$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static bool IsVisualBasic(string documentPath) => documentPath.EndsWith(".vb", StringComparison.OrdinalIgnoreCase);

        /// <summary>Whether trimmed source text, without any trailing comment, is only a block's start, end or a bare jump.</summary>
        public static bool IsBlockBoundary(string text)
        {
            text = WithoutComment(text).Trim();
            if (BlockEnd.IsMatch(text) || Jump.IsMatch(text))
            {
                return true;
            }

            return Header.IsMatch(text) && !Constructor.IsMatch(text);
        }

        /// <summary>A sequence point never includes a comment, but be safe: <c>'</c> outside a string starts one.</summary>
        private static string WithoutComment(string text)
        {
            var inString = false;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '"')
                {
                    inString = !inString;
                }
                else if (text[i] == '\'' && !inString)
                {
                    return text.Substring(0, i);
                }
            }

            return text;
        }
    }
}
