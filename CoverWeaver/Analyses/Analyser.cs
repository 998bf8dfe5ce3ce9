using CoverWeaver.Data;
using CoverWeaver.Analyses;
using System.Collections.Generic;
using System.Linq;

namespace CoverWeaver.Analyses
{
    /// <summary>
    /// Turns a module's counts into Erlang's analyses. A clause's coverage counts its distinct
    /// executable lines; a function sums its clauses and a module its functions, as Erlang's
    /// cover does, so a line shared by two methods counts once in each.
    /// </summary>
    internal static class Analyser
    {
        public static List<CoverRow> Analyse(ModuleSnapshot counts, Analysis analysis, Level level)
        {
            switch (level)
            {
                case Level.Module:
                    return new List<CoverRow> { ModuleRow(counts, analysis) };
                case Level.Function:
                    return FunctionRows(counts, analysis);
                case Level.Clause:
                    return ClauseRows(counts, analysis);
                default:
                    return LineRows(counts, analysis);
            }
        }

        private static CoverRow ModuleRow(ModuleSnapshot counts, Analysis analysis)
        {
            var row = new CoverRow(analysis, Level.Module, counts.Module.Name, counts.Assembly.AssemblyName, CountingOf(counts));
            foreach (var clause in ClauseRows(counts, analysis))
            {
                Add(row, clause);
            }

            return row;
        }

        private static List<CoverRow> FunctionRows(ModuleSnapshot counts, Analysis analysis)
        {
            // Clauses come in source order, so the first clause of a function places the function.
            var functions = new List<CoverRow>();
            var byKey = new Dictionary<(string, int), CoverRow>();
            foreach (var clause in ClauseRows(counts, analysis))
            {
                var key = (clause.Function!, clause.Arity);
                if (!byKey.TryGetValue(key, out var function))
                {
                    function = new CoverRow(analysis, Level.Function, counts.Module.Name, counts.Assembly.AssemblyName, CountingOf(counts)) { Function = clause.Function, Arity = clause.Arity };
                    byKey[key] = function;
                    functions.Add(function);
                }

                Add(function, clause);
            }

            return functions;
        }

        private static List<CoverRow> ClauseRows(ModuleSnapshot counts, Analysis analysis)
        {
            var rows = new List<CoverRow>();
            foreach (var clause in counts.Module.Clauses)
            {
                var (covered, notCovered) = counts.CoverageOf(clause);
                rows.Add(new CoverRow(analysis, Level.Clause, counts.Module.Name, counts.Assembly.AssemblyName, CountingOf(counts))
                {
                    Function = clause.Function,
                    Arity = clause.Arity,
                    Clause = clause.Clause,
                    Covered = covered,
                    NotCovered = notCovered,
                    Calls = counts[clause.EntrySlot],
                });
            }

            return rows;
        }

        private static List<CoverRow> LineRows(ModuleSnapshot counts, Analysis analysis)
        {
            var lines = counts.Lines();
            var rows = new List<CoverRow>(lines.Count);
            foreach (var line in lines)
            {
                rows.Add(new CoverRow(analysis, Level.Line, counts.Module.Name, counts.Assembly.AssemblyName, CountingOf(counts))
                {
                    Function = line.Owner.Function,
                    Arity = line.Owner.Arity,
                    File = counts.Documents[line.Document],
                    Line = line.Line,
                    Covered = line.Count > 0 ? 1 : 0,
                    NotCovered = line.Count > 0 ? 0 : 1,
                    Calls = line.Count,
                });
            }

            return rows;
        }

        private static Counting CountingOf(ModuleSnapshot counts) => counts.Mode == Model.CountingMode.Set ? Counting.Set : Counting.Count;

        private static void Add(CoverRow total, CoverRow part)
        {
            total.Covered += part.Covered;
            total.NotCovered += part.NotCovered;
            total.Calls += part.Calls;
        }
    }
}
