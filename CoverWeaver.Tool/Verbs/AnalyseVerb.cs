using System;
using System.CommandLine;

namespace CoverWeaver.Tool.Verbs
{
    /// <summary><c>coverweaver analyse &lt;inputs…&gt; [--module M] [--analysis coverage|calls] [--level …]</c>: Erlang's tuples, one a line.</summary>
    internal static class AnalyseVerb
    {
        public static Command Create()
        {
            var inputs = Common.InputsArgument();
            var token = Common.TokenOption();
            var module = new Option<string?>("--module", "-m")
            {
                Description = "One module: a type's full name (Ns.Outer+Inner), or \"Type, Assembly\" where two assemblies declare it. All modules when left out.",
            };
            var analysis = new Option<string>("--analysis", "-a")
            {
                Description = "coverage: {Covered,NotCovered} executable lines; calls: how often each ran.",
                DefaultValueFactory = _ => "coverage",
            };
            analysis.AcceptOnlyFromAmong("coverage", "calls");
            var level = new Option<string>("--level", "-l")
            {
                Description = "Rows per module, function, clause (one overload) or line.",
                DefaultValueFactory = _ => "module",
            };
            level.AcceptOnlyFromAmong("module", "function", "clause", "line");
            var command = new Command("analyse", "Print Erlang's analyses of coverage data: {Module,{Covered,NotCovered}}, {{Module,Function,Arity},Calls}, {Module,Line}…")
            {
                inputs,
                module,
                analysis,
                level,
                token,
            };
            command.Aliases.Add("analyze");
            command.SetAction(parsed => Common.Run(() =>
            {
                var snapshots = Common.ReadInputs(parsed.GetValue(inputs)!, parsed.GetValue(token));
                var kind = parsed.GetValue(analysis) == "calls" ? Analysis.Calls : Analysis.Coverage;
                var at = Enum.Parse<Level>(parsed.GetValue(level)!, ignoreCase: true);
                foreach (var row in Rows.Of(snapshots, parsed.GetValue(module), kind, at))
                {
                    Console.WriteLine(row.ToString());
                }

                return ExitCodes.Ok;
            }));
            return command;
        }
    }
}
