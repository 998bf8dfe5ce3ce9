using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Real work for a copy of System.CommandLine loaded in its own context, through reflection and
    /// <c>dynamic</c>: a root command with options of many types, arguments, aliased and nested
    /// subcommands and directives, and command lines that parse, fail, ask for help, suggest and
    /// read a response file. The digest records all the parser said; woven and plain copies must
    /// give the same one.
    /// </summary>
    internal static class CommandLineWorkload
    {
        /// <summary>The command lines parsed and invoked, one <c>ParseResult.Invoke</c> call each.</summary>
        public static IReadOnlyList<string> CommandLines(string responseFile) => new[]
        {
            "",
            "--count 3 -v input.txt a b c",
            "-c notanumber",
            "--count",
            "--name x y z --name w",
            "--access ReadWrite --ratio 2.5 --delay 00:00:05",
            "--access Bogus",
            "--color red",
            "--color purple",
            "-vc 5",
            "--unknown-option value",
            "push origin --token abc -f",
            "push origin",
            "p origin --token=xyz --dry-run",
            "push --token t",
            "config set key value",
            "config set key",
            "config set key value extra",
            "config",
            "[diagram] push origin --token t -f",
            "--help",
            "push -h",
            "config set -?",
            "--version",
            "@" + responseFile,
            "\"a quoted file\" 'single quoted' -- --count 3",
            "[suggest:3] pu",
            "[suggest] --c",
        };

        public static string Digest(Assembly library, string responseFile)
        {
            var root = BuildCommands(library, out var symbols);
            var split = library.GetType("System.CommandLine.Parsing.CommandLineParser", throwOnError: true)!.GetMethod("SplitCommandLine")!;
            var text = new StringBuilder();
            foreach (var line in CommandLines(responseFile))
            {
                var args = ((IEnumerable<string>)split.Invoke(null, new object[] { line })!).ToArray();
                dynamic result = root.Parse((IReadOnlyList<string>)args);
                text.Append("> ").Append(line.Replace(responseFile, "<rsp>", StringComparison.Ordinal)).Append('\n');
                text.Append("  parsed ").Append((string)result.ToString()).Append('\n');
                text.Append("  command ").Append((string)result.CommandResult.Command.Name).Append('\n');
                foreach (dynamic token in result.Tokens)
                {
                    text.Append("  token ").Append(token.Type.ToString()).Append(' ').Append((string)token.Value).Append('\n');
                }

                foreach (dynamic token in result.UnmatchedTokens)
                {
                    text.Append("  unmatched ").Append((string)token).Append('\n');
                }

                foreach (dynamic error in result.Errors)
                {
                    text.Append("  error ").Append((string)error.Message).Append('\n');
                }

                foreach (var (name, symbol) in symbols)
                {
                    text.Append("  ").Append(name).Append(" = ").Append(ValueOf(result, symbol)).Append('\n');
                }

                var completions = new List<string>();
                foreach (dynamic item in result.GetCompletions())
                {
                    completions.Add((string)item.Label);
                }

                text.Append("  completions ").Append(string.Join(" ", completions)).Append('\n');
                text.Append(Invoke(library, result));
            }

            return text.ToString();
        }

        /// <summary>The command tree; <paramref name="symbols"/> gets every option and argument whose value the digest reads.</summary>
        private static dynamic BuildCommands(Assembly library, out List<(string, object)> symbols)
        {
            Type T(string name) => library.GetType("System.CommandLine." + name, throwOnError: true)!;
            dynamic Option<TValue>(string name, params string[] aliases) => Activator.CreateInstance(T("Option`1").MakeGenericType(typeof(TValue)), name, aliases)!;
            dynamic Argument<TValue>(string name) => Activator.CreateInstance(T("Argument`1").MakeGenericType(typeof(TValue)), name)!;
            dynamic Arity(string name) => T("ArgumentArity").GetProperty(name)!.GetValue(null)!;

            var count = Option<int>("--count", "-c");
            count.Description = "How many times";
            var verbose = Option<bool>("--verbose", "-v");
            var names = Option<string[]>("--name", "-n");
            names.AllowMultipleArgumentsPerToken = true;
            var access = Option<FileAccess>("--access");
            var color = Option<string>("--color");
            color.AcceptOnlyFromAmong(new[] { "red", "green", "blue" });
            var ratio = Option<double>("--ratio");
            var delay = Option<TimeSpan>("--delay");
            var dryRun = Option<bool>("--dry-run");
            dryRun.Recursive = true;
            var file = Argument<FileInfo>("file");
            file.Arity = Arity("ZeroOrOne");
            var rest = Argument<string[]>("rest");

            dynamic root = Activator.CreateInstance(T("RootCommand"), "Exercises the parser")!;
            foreach (var option in new[] { count, verbose, names, access, color, ratio, delay, dryRun })
            {
                root.Add(option);
            }

            root.Add(file);
            root.Add(rest);
            // Directives is a list of an internal type, which dynamic sees as object: add through its interface.
            typeof(ICollection<>).MakeGenericType(T("Directive")).GetMethod("Add")!.Invoke((object)root.Directives, new[] { Activator.CreateInstance(T("DiagramDirective")) });
            root.SetAction((dynamic)CountTokens(library));

            dynamic push = Activator.CreateInstance(T("Command"), "push", "Sends changes")!;
            ((ICollection<string>)push.Aliases).Add("p");
            var remote = Argument<string>("remote");
            var token = Option<string>("--token");
            token.Required = true;
            var force = Option<bool>("--force", "-f");
            push.Add(remote);
            push.Add(token);
            push.Add(force);
            push.SetAction((dynamic)CountTokens(library));
            root.Add(push);

            dynamic config = Activator.CreateInstance(T("Command"), "config", "Settings")!;
            dynamic set = Activator.CreateInstance(T("Command"), "set", "Sets one")!;
            var key = Argument<string>("key");
            var value = Argument<string>("value");
            set.Add(key);
            set.Add(value);
            set.SetAction((dynamic)CountTokens(library));
            config.Add(set);
            root.Add(config);

            symbols = new List<(string, object)>
            {
                ("count", count), ("verbose", verbose), ("name", names), ("access", access), ("color", color), ("ratio", ratio), ("delay", delay),
                ("dry-run", dryRun), ("file", file), ("rest", rest), ("remote", remote), ("token", token), ("force", force), ("key", key), ("value", value),
            };
            return root;
        }

        /// <summary>A <c>Func&lt;ParseResult, int&gt;</c> action returning the number of tokens, built for this copy's ParseResult type.</summary>
        private static Delegate CountTokens(Assembly library)
        {
            var parseResult = library.GetType("System.CommandLine.ParseResult", throwOnError: true)!;
            var parameter = Expression.Parameter(parseResult, "result");
            var tokens = typeof(IReadOnlyCollection<>).MakeGenericType(library.GetType("System.CommandLine.Parsing.Token", throwOnError: true)!);
            var body = Expression.Property(Expression.Property(parameter, "Tokens"), tokens.GetProperty("Count")!);
            return Expression.Lambda(typeof(Func<,>).MakeGenericType(parseResult, typeof(int)), body, parameter).Compile();
        }

        private static string ValueOf(dynamic result, object symbol)
        {
            try
            {
                object? value = result.GetValue((dynamic)symbol);
                return Format(value);
            }
            catch (Exception e)
            {
                return $"throws {e.GetType().Name}: {e.Message}";
            }
        }

        private static string Invoke(Assembly library, dynamic result)
        {
            var output = new StringWriter(CultureInfo.InvariantCulture);
            dynamic configuration = Activator.CreateInstance(library.GetType("System.CommandLine.InvocationConfiguration", throwOnError: true)!)!;
            configuration.Output = output;
            configuration.Error = output;
            int exitCode = result.Invoke(configuration);
            var said = output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

            // Again through the async pipeline, whose state machines the weaver rewrote too.
            output.GetStringBuilder().Clear();
            System.Threading.Tasks.Task<int> pending = result.InvokeAsync(configuration, System.Threading.CancellationToken.None);
            var asyncExitCode = pending.GetAwaiter().GetResult();
            var saidAsync = output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal) == said ? "the same" : output.ToString();
            return $"  exit {exitCode}, async exit {asyncExitCode} saying {saidAsync}\n" + string.Concat(said.Split('\n').Select(l => "  | " + l + "\n"));
        }

        private static string Format(object? value) => value switch
        {
            null => "null",
            string s => '"' + s + '"',
            FileSystemInfo f => "file " + f.Name,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
            _ => value.ToString() ?? "null",
        };
    }
}
