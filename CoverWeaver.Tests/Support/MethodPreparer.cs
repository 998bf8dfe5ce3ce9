using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// JIT-compiles every method body of an assembly. Woven IL that the verifier-less runtime would
    /// only reject when a method first runs (bad stack, broken branch, wrong token) fails here, for
    /// methods no test ever calls.
    /// </summary>
    internal static class MethodPreparer
    {
        private const BindingFlags Everything =
            BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

        private static readonly Type[] Candidates = { typeof(object), typeof(int) };

        public sealed class Outcome
        {
            public int Prepared { get; set; }

            /// <summary>Methods whose generic parameters no candidate argument satisfies.</summary>
            public List<string> NotInstantiable { get; } = new List<string>();

            public List<string> Failures { get; } = new List<string>();
        }

        public static Outcome PrepareAll(Assembly assembly)
        {
            var outcome = new Outcome();
            foreach (var type in assembly.GetTypes())
            {
                var typeArguments = type.IsGenericTypeDefinition ? Instantiate(type.GetGenericArguments().Length, args => type.MakeGenericType(args)) : Type.EmptyTypes;
                foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
                {
                    if (method.GetMethodBody() == null)
                    {
                        continue;
                    }

                    var name = $"{type.FullName}::{method}";
                    if (typeArguments == null)
                    {
                        outcome.NotInstantiable.Add(name);
                        continue;
                    }

                    var methodArguments = Type.EmptyTypes;
                    if (method.IsGenericMethodDefinition)
                    {
                        var open = (MethodInfo)method;
                        methodArguments = Instantiate(open.GetGenericArguments().Length, args => open.MakeGenericMethod(args));
                        if (methodArguments == null)
                        {
                            outcome.NotInstantiable.Add(name);
                            continue;
                        }
                    }

                    try
                    {
                        var instantiation = typeArguments.Concat(methodArguments).Select(t => t.TypeHandle).ToArray();
                        if (instantiation.Length == 0)
                        {
                            RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        }
                        else
                        {
                            RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
                        }

                        outcome.Prepared++;
                    }
                    catch (Exception e)
                    {
                        outcome.Failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }

            return outcome;
        }

        /// <summary>The first combination of candidate arguments the constraints accept, or null.</summary>
        private static Type[]? Instantiate(int count, Action<Type[]> tryMake)
        {
            var combinations = 1 << count;
            for (var bits = 0; bits < combinations; bits++)
            {
                var args = Enumerable.Range(0, count).Select(i => Candidates[(bits >> i) & 1]).ToArray();
                try
                {
                    tryMake(args);
                    return args;
                }
                catch (ArgumentException)
                {
                    // A constraint refused this combination; try the next.
                }
            }

            return null;
        }
    }
}
