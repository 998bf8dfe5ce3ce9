using System;
using CoverWeaver.Diagnostics;

namespace CoverWeaver.Server
{
    /// <summary>
    /// Starts the server from the environment (see <see cref="AgentStartup"/>): a process
    /// gets live coverage without a line of code changed, and only when asked for.
    /// </summary>
    internal static class AutoStart
    {
        public const string ListenVariable = "COVERWEAVER_LISTEN";
        public const string TokenVariable = "COVERWEAVER_TOKEN";

        /// <summary>The server the environment asked for, once started.</summary>
        public static CoverServer? Server { get; private set; }

        /// <summary>Starts the server the environment asks for, if any. Never throws.</summary>
        public static void FromEnvironment()
        {
            try
            {
                Server = TryStart(Environment.GetEnvironmentVariable(ListenVariable), Environment.GetEnvironmentVariable(TokenVariable), Log.Warn);
            }
            catch (Exception e)
            {
                Log.Warn($"could not read {ListenVariable}: {e.Message}");
            }
        }

        /// <summary>
        /// The server <paramref name="listen"/> asks for, or null when it asks for none or the server
        /// cannot start, which is said once through <paramref name="warn"/>: the host runs on regardless.
        /// </summary>
        internal static CoverServer? TryStart(string? listen, string? token, Action<string> warn)
        {
            if (string.IsNullOrWhiteSpace(listen))
            {
                return null;
            }

            try
            {
                // An empty variable is an unset one: a shell's TOKEN= should not read as a token to check.
                var server = CoverServer.Start(listen!.Trim(), string.IsNullOrEmpty(token) ? null : token);
                if (listen.Trim().EndsWith(":0", StringComparison.Ordinal))
                {
                    // A port picked by the system is useless unless someone is told which.
                    warn($"serving coverage on http://{server.EndPoint}/");
                }

                return server;
            }
            catch (Exception e)
            {
                warn($"not serving coverage ({ListenVariable}={listen}): {e.Message}");
                return null;
            }
        }
    }
}
