using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Finds the user method that holds a piece of generated code in source. State machines say
    /// so in the PDB (their kick-off method). Lambdas and local functions carry their holder's name
    /// in their own (<c>&lt;Main&gt;b__0_0</c>, <c>&lt;Main&gt;g__Local|0_0</c>); among overloads of that
    /// name. Compilers that name closures otherwise (F#, VB) create them from their holder, so the
    /// method that creates or points at a closure owns it; only when nothing does, the source
    /// position decides.
    /// </summary>
    internal sealed class MethodOwnership
    {
        private readonly IReadOnlyList<MethodDefinition> _userMethods;
        private readonly HashSet<MethodDefinition> _isUser;
        private readonly References _references;
        private readonly Dictionary<MethodDefinition, MethodDefinition?> _resolved = new Dictionary<MethodDefinition, MethodDefinition?>();

        public MethodOwnership(IReadOnlyList<MethodDefinition> userMethods, IEnumerable<MethodDefinition> allMethods)
        {
            _userMethods = userMethods;
            _isUser = new HashSet<MethodDefinition>(userMethods);
            _references = new References(allMethods);
        }

        /// <summary>The user method that <paramref name="generated"/> belongs to, or null if none can be told.</summary>
        public MethodDefinition? OwnerOf(MethodDefinition generated)
        {
            if (_resolved.TryGetValue(generated, out var known))
            {
                return known;
            }

            _resolved[generated] = null; // guards against cycles while resolving
            var owner = Resolve(generated);
            _resolved[generated] = owner;
            return owner;
        }

        private MethodDefinition? Resolve(MethodDefinition generated)
        {
            var kickoff = KickoffOf(generated);
            if (kickoff != null)
            {
                return Names.IsGenerated(kickoff) || Names.IsGenerated(kickoff.DeclaringType) ? OwnerOf(kickoff) : kickoff;
            }

            var position = FirstPosition(generated);
            var userType = Names.EnclosingUserType(generated.DeclaringType);
            var holderName = HolderName(generated.Name);
            if (holderName != null && userType != null)
            {
                var named = _userMethods.Where(m => m.DeclaringType == userType && m.Name == holderName).ToList();
                if (named.Count == 1)
                {
                    return named[0];
                }

                if (named.Count > 1)
                {
                    return ClosestInSource(named, position) ?? named[0];
                }
            }

            var creator = CreatorOf(generated, userType, position);
            if (creator != null)
            {
                return creator;
            }

            var candidates = userType != null ? _userMethods.Where(m => m.DeclaringType == userType).ToList() : _userMethods.ToList();
            return ClosestInSource(candidates, position);
        }

        /// <summary>
        /// The user method whose code uses this generated method (a lambda's <c>ldftn</c>) or else
        /// its type (a closure's <c>newobj</c>, a struct state machine's <c>initobj</c>), through any
        /// generated code in between. A type shared by several holders (VB's <c>_Closure$__</c>)
        /// is told apart by the method's own use first, then by source position.
        /// </summary>
        private MethodDefinition? CreatorOf(MethodDefinition generated, TypeDefinition? userType, (string Document, int Line)? position)
        {
            var owners = OwnersOf(_references.UsersOf(generated), userType);
            if (owners.Count == 0)
            {
                owners = OwnersOf(_references.UsersOf(generated.DeclaringType), userType);
            }

            return owners.Count switch
            {
                0 => null,
                1 => owners[0],
                _ => ClosestInSource(owners, position) ?? owners[0],
            };
        }

        /// <summary>
        /// The user methods behind some users, of the generated code's own user type: generated
        /// code of a type (a record's <c>&lt;Clone&gt;$</c>) that other types merely call is not theirs.
        /// </summary>
        private List<MethodDefinition> OwnersOf(IEnumerable<MethodDefinition> users, TypeDefinition? userType)
        {
            var owners = new List<MethodDefinition>();
            foreach (var user in users)
            {
                var owner = _isUser.Contains(user) ? user : OwnerOf(user);
                if (owner != null && (userType == null || owner.DeclaringType == userType) && !owners.Contains(owner))
                {
                    owners.Add(owner);
                }
            }

            return owners;
        }

        /// <summary>The kick-off method of a state machine's method (MoveNext, or a finally helper of the same type).</summary>
        private static MethodDefinition? KickoffOf(MethodDefinition method)
        {
            var kickoff = method.DebugInformation?.StateMachineKickOffMethod;
            if (kickoff != null)
            {
                return kickoff;
            }

            // Iterator finally blocks live in helper methods of the state machine type; its MoveNext names the kick-off.
            var moveNext = method.DeclaringType.Methods.FirstOrDefault(m => m != method && m.Name == "MoveNext");
            return moveNext?.DebugInformation?.StateMachineKickOffMethod;
        }

        /// <summary>C# puts the holder's name first: <c>&lt;Holder&gt;...</c>, which may itself be <c>&lt;Main&gt;$</c>.</summary>
        internal static string? HolderName(string generatedName)
        {
            if (generatedName.Length < 3 || generatedName[0] != '<')
            {
                return null;
            }

            var depth = 0;
            for (var i = 0; i < generatedName.Length; i++)
            {
                if (generatedName[i] == '<')
                {
                    depth++;
                }
                else if (generatedName[i] == '>' && --depth == 0)
                {
                    var name = generatedName.Substring(1, i - 1);
                    return name.Length > 0 ? name : null;
                }
            }

            return null;
        }

        /// <summary>
        /// The candidate whose own source span holds the position, the tightest if several; otherwise
        /// the nearest one starting before it in the same file.
        /// </summary>
        private static MethodDefinition? ClosestInSource(IEnumerable<MethodDefinition> candidates, (string Document, int Line)? position)
        {
            if (position == null)
            {
                return null;
            }

            var spans = candidates
                .Select(m => (Method: m, Span: Span(m)))
                .Where(c => c.Span != null && c.Span.Value.Document == position.Value.Document)
                .Select(c => (c.Method, First: c.Span!.Value.First, Last: c.Span.Value.Last))
                .ToList();
            var line = position.Value.Line;
            var holding = spans.Where(c => c.First <= line && line <= c.Last).OrderBy(c => c.Last - c.First).FirstOrDefault();
            if (holding.Method != null)
            {
                return holding.Method;
            }

            return spans.Where(c => c.First <= line).OrderByDescending(c => c.First).FirstOrDefault().Method;
        }

        private static (string Document, int First, int Last)? Span(MethodDefinition method)
        {
            var points = VisiblePoints(method).ToList();
            if (points.Count == 0)
            {
                return null;
            }

            return (points[0].Document.Url, points.Min(p => p.StartLine), points.Max(p => p.EndLine));
        }

        private static (string Document, int Line)? FirstPosition(MethodDefinition method)
        {
            var first = VisiblePoints(method).OrderBy(p => p.StartLine).FirstOrDefault();
            return first == null ? ((string, int)?)null : (first.Document.Url, first.StartLine);
        }

        private static IEnumerable<SequencePoint> VisiblePoints(MethodDefinition method)
        {
            return method.HasBody && method.DebugInformation.HasSequencePoints
                ? method.DebugInformation.SequencePoints.Where(p => !p.IsHidden)
                : Array.Empty<SequencePoint>();
        }
    }
}
