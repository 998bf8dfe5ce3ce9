using System;
using System.CommandLine;
using CoverWeaver.Center;

namespace CoverWeaver.Tool.Verbs
{
    /// <summary>
    /// <c>coverweaver gateway --center &lt;url&gt; --targets &lt;file&gt;</c>: pulls the targets next to
    /// them and delivers to a center, spooling to disk while the center cannot be reached.
    /// </summary>
    internal static class GatewayVerb
    {
        public static Command Create()
        {
            var center = new Option<string>("--center")
            {
                Description = "The center's base URL (where coverweaver center serves), e.g. http://127.0.0.1:8480.",
                Required = true,
            };
            var targets = new Option<string>("--targets")
            {
                Description = "The targets file, re-read when it changes (the format coverweaver center --targets takes).",
                Required = true,
            };
            var token = new Option<string?>("--token")
            {
                Description = "The center's token (its --token), sent with every batch.",
            };
            var interval = Common.IntervalOption();
            var spool = new Option<string>("--spool")
            {
                Description = "Where pulled counts wait while the center cannot take them.",
                DefaultValueFactory = _ => "coverweaver-gateway.spool",
            };
            var command = new Command("gateway", "Pull running services and deliver their counts to a coverage center, keeping them on disk while it is unreachable.")
            {
                center,
                targets,
                token,
                interval,
                spool,
            };
            command.SetAction(parsed => Common.Run(() =>
            {
                var options = new GatewayOptions
                {
                    Center = parsed.GetValue(center)!,
                    TargetsFile = parsed.GetValue(targets)!,
                    Token = Common.Token(parsed.GetValue(token)),
                    Interval = Common.Interval(parsed.GetValue(interval)),
                    SpoolDirectory = parsed.GetValue(spool)!,
                };
                return Common.Serve(async stop =>
                {
                    GatewayHost gateway;
                    try
                    {
                        gateway = await GatewayHost.StartAsync(options, Console.Out.WriteLine).ConfigureAwait(false);
                    }
                    catch (ArgumentException e)
                    {
                        throw ToolException.Usage(e.Message);
                    }

                    await using (gateway)
                    {
                        await Common.WaitForStop(stop).ConfigureAwait(false);
                        Console.Out.WriteLine($"Stopping the gateway; {gateway.Spooled} batches wait in the spool.");
                    }
                });
            }));
            return command;
        }
    }
}
