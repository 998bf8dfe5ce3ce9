using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ChannelDemo
{
    /// <summary>
    /// A small synchronous stand-in for Erlang's gen_server: a registered name, a state, and the
    /// callback module's Init, HandleCall and Terminate, chosen among overloads by the request's
    /// type as Erlang chooses a clause by pattern.
    /// </summary>
    public sealed class GenServer
    {
        private static readonly Dictionary<string, GenServer> Registered = new Dictionary<string, GenServer>();

        private readonly Type _module;
        private object? _state;

        private GenServer(Type module, object? state)
        {
            _module = module;
            _state = state;
        }

        /// <summary>Starts a server registered under <paramref name="name"/>: calls <c>Init([])</c> and keeps the state it returns.</summary>
        public static GenServer StartLink(string name, Type module)
        {
            var reply = (ITuple)Apply(module, "Init", (object)Array.Empty<object>())!;
            if (!Equals(reply[0], "ok"))
            {
                throw new InvalidOperationException($"{module.Name}.Init did not return ok.");
            }

            var server = new GenServer(module, reply[1]);
            Registered.Add(name, server);
            return server;
        }

        /// <summary>Sends a request and returns the reply; a <c>stop</c> result terminates and unregisters the server.</summary>
        public static object? Call(string name, object request)
        {
            var server = Registered[name];
            var result = (ITuple)Apply(server._module, "HandleCall", request, "client", server._state)!;
            switch (result[0])
            {
                case "reply":
                    server._state = result[2];
                    return result[1];
                case "stop":
                    Apply(server._module, "Terminate", result[1], result[3]);
                    Registered.Remove(name);
                    return result[2];
                default:
                    throw new InvalidOperationException($"Bad HandleCall result {result}.");
            }
        }

        private static object? Apply(Type module, string function, params object?[] args)
        {
            var types = args.Select(a => a?.GetType() ?? typeof(object)).ToArray();
            var method = module.GetMethod(function, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, null, types, null)
                ?? throw new MissingMethodException(module.Name, function);
            try
            {
                return method.Invoke(null, args);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
        }
    }
}
