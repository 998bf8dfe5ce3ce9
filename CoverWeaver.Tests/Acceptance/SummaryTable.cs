using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace CoverWeaver.Tests.Acceptance
{
    /// <summary>Reads the summary table a test run prints (indented as the command prints it).</summary>
    internal static class SummaryTable
    {
        /// <summary>"Name" (a module as "Type (Assembly)") → (covered, total) from the summary table printed last.</summary>
        public static Dictionary<string, (int Covered, int Total)> Rows(string output)
        {
            var start = output.LastIndexOf("CoverWeaver: line coverage", StringComparison.Ordinal);
            Assert.IsGreaterThanOrEqualTo(0, start, "a summary was printed:\n" + output);
            var rows = new Dictionary<string, (int, int)>();
            string? assembly = null;
            int? indent = null;
            foreach (var line in output.Substring(start).Split('\n').Skip(1))
            {
                if (line.Contains("Assembly / module", StringComparison.Ordinal) || line.Contains("-+-", StringComparison.Ordinal))
                {
                    indent ??= line.Length - line.TrimStart().Length;
                    continue;
                }

                var match = Regex.Match(line, @"^(?<lead> *)(?<name>\S.*?)\s*\|\s*(?<covered>\d+)/(?<total>\d+)\s*\|");
                if (!match.Success)
                {
                    break;
                }

                // Modules are indented under their assembly.
                var name = match.Groups["name"].Value;
                var module = match.Groups["lead"].Length > indent && assembly != null;
                if (!module)
                {
                    assembly = name;
                }

                rows[module ? $"{name} ({assembly})" : name] = (int.Parse(match.Groups["covered"].Value), int.Parse(match.Groups["total"].Value));
            }

            return rows;
        }
    }
}
