using System;
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using CoverWeaver.Model;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Decides every probe of a module before any IL changes: which methods are clauses, which
    /// sequence points are executable lines, which generated code belongs to which clause, and
    /// the slot of each counter. The result is the probe table the runtime will read.
    /// </summary>
    internal sealed class ProbePlanner
    {
        private readonly CoverageFilter _filter;
        private readonly WeaveMode _mode;
        private readonly DocumentPaths _paths;

        public ProbePlanner(WeaveOptions options, DocumentPaths paths)
        {
            _mode = options.Mode;
            _filter = new CoverageFilter(options);
            _paths = paths;
        }

        public ProbePlan Plan(ModuleDefinition module)
        {
            var types = module.GetTypes().Where(t => t.Name != "<Module>").ToList();
            var userMethods = types.Where(t => !Names.IsGenerated(t))
                .SelectMany(t => t.Methods)
                .Where(m => m.HasBody && !Names.IsGenerated(m) && !Names.IsSynthesized(m))
                .ToList();
            var generated = types.SelectMany(t => t.Methods)
                .Where(m => m.HasBody && (Names.IsGenerated(m) || Names.IsGenerated(m.DeclaringType)))
                .ToList();

            // Each included user method with the generated methods that belong to it.
            var pieces = new Dictionary<MethodDefinition, List<MethodDefinition>>();
            foreach (var method in userMethods.Where(m => _filter.Includes(m.DeclaringType) && _filter.Includes(m)))
            {
                pieces[method] = new List<MethodDefinition> { method };
            }

            var ownership = new MethodOwnership(userMethods, types.SelectMany(t => t.Methods));
            foreach (var method in generated)
            {
                var owner = ownership.OwnerOf(method);
                if (owner != null && pieces.TryGetValue(owner, out var list))
                {
                    list.Add(method);
                }
            }

            var table = new AssemblyProbeTable
            {
                AssemblyName = module.Assembly?.Name.Name ?? module.Name,
                Mode = _mode == WeaveMode.Set ? CountingMode.Set : CountingMode.Count,
            };
            var documents = new Dictionary<string, int>();
            // The documents as the PDB names them, by index: the fingerprint says what was built,
            // not where its sources were found on this machine (or whether they were).
            var documentNames = new List<string>();
            var probes = new Dictionary<MethodDefinition, MethodProbes>();
            var nextSlot = 0;

            var clauses = pieces
                .Select(piece => new ClauseCandidate(piece.Key, piece.Value.SelectMany(m => ExecutablePoints(m)).ToList()))
                .Where(c => c.Points.Count > 0)
                .ToList();
            foreach (var moduleClauses in clauses.GroupBy(c => c.Method.DeclaringType).OrderBy(g => FirstPosition(g), PositionOrder))
            {
                var moduleProbes = new ModuleProbes { Name = Names.ModuleName(moduleClauses.Key), FirstSlot = nextSlot };
                var fingerprint = new Fnv64();
                fingerprint.Add(moduleProbes.Name);
                // Count- and set-mode data of one module must never be summed: the mode is part of the build.
                fingerprint.Add((long)table.Mode);
                var numbering = new Dictionary<(string, int), int>();
                foreach (var candidate in moduleClauses.OrderBy(c => c.First, PositionOrder))
                {
                    var method = candidate.Method;
                    var key = (method.Name, method.Parameters.Count);
                    numbering[key] = numbering.TryGetValue(key, out var n) ? n + 1 : 1;
                    // Lines whose counts are equal by construction share one counter (and one probe), and
                    // a line reached only from quiet runs is counted as the sum of their counters.
                    var counters = candidate.Points.GroupBy(p => p.Method)
                        .SelectMany(g => SharedCounters.Counters(g.Key, g.Select(p => p.At).ToList()))
                        .ToDictionary(pair => pair.Key, pair => pair.Value);
                    var owners = candidate.Points.ToDictionary(p => p.At, p => p.Method);
                    var slots = new Dictionary<Instruction, int>();
                    int SlotOfLeader(Instruction leader)
                    {
                        if (!slots.TryGetValue(leader, out var slot))
                        {
                            slot = nextSlot++;
                            slots[leader] = slot;
                            Probes(probes, owners[leader]).Points.Add((leader, slot));
                        }

                        return slot;
                    }

                    var firstLine = method.HasBody ? candidate.Points.FirstOrDefault(p => p.Method == method && p.At == method.Body.Instructions[0]) : default;
                    var entryShared = firstLine.At != null && SharedCounters.EntryIsFirstLine(method, firstLine.At);
                    var clause = new ClauseProbes
                    {
                        Function = method.Name,
                        Arity = method.Parameters.Count,
                        Clause = numbering[key],
                        EntrySlot = entryShared ? SlotOfLeader(counters[firstLine.At!][0]) : nextSlot++,
                    };
                    Probes(probes, method).EntrySlot = entryShared ? null : clause.EntrySlot;
                    foreach (var point in candidate.Points.OrderBy(p => (p.Point.Document.Url, p.Point.StartLine, p.Point.StartColumn), PointOrder))
                    {
                        // The table holds the file's local path, so the annotated source finds it after a deterministic build.
                        var document = DocumentIndex(table, documents, documentNames, point.Point.Document.Url, _paths.Resolve(point.Point.Document.Url));
                        var parts = counters[point.At];
                        clause.Lines.Add(new LineProbe(document, point.Point.StartLine, SlotOfLeader(parts[0]), parts.Skip(1).Select(SlotOfLeader).ToArray()));
                    }

                    AddToFingerprint(ref fingerprint, clause, documentNames);
                    var identity = ClauseIdentity(table.Mode, clause, documentNames);
                    foreach (var piece in pieces[method])
                    {
                        AddToFingerprint(ref fingerprint, piece);
                        AddToFingerprint(ref identity, piece);
                    }

                    clause.Fingerprint = identity.Value;

                    moduleProbes.Clauses.Add(clause);
                }

                moduleProbes.SlotCount = nextSlot - moduleProbes.FirstSlot;
                moduleProbes.Fingerprint = fingerprint.Value;
                table.Modules.Add(moduleProbes);
            }

            table.SlotCount = nextSlot;
            var build = new Fnv64();
            build.Add(table.AssemblyName);
            build.Add((long)table.Mode);
            foreach (var m in table.Modules)
            {
                build.Add(m.Name);
                build.Add((long)m.Fingerprint);
            }

            table.BuildId = build.Value;
            return new ProbePlan(table, probes.Values.ToList());
        }

        private static IEnumerable<(MethodDefinition Method, SequencePoint Point, Instruction At)> ExecutablePoints(MethodDefinition method) =>
            ExecutableLines.Of(method).Select(p => (method, p.Point, p.At));

        private static MethodProbes Probes(Dictionary<MethodDefinition, MethodProbes> probes, MethodDefinition method)
        {
            if (!probes.TryGetValue(method, out var entry))
            {
                entry = new MethodProbes(method);
                probes[method] = entry;
            }

            return entry;
        }

        private static int DocumentIndex(AssemblyProbeTable table, Dictionary<string, int> documents, List<string> names, string pdbName, string url)
        {
            if (!documents.TryGetValue(url, out var index))
            {
                index = table.Documents.Count;
                table.Documents.Add(url);
                names.Add(pdbName);
                documents[url] = index;
            }

            return index;
        }

        private static void AddToFingerprint(ref Fnv64 fingerprint, ClauseProbes clause, IReadOnlyList<string> documents)
        {
            fingerprint.Add(clause.Function);
            fingerprint.Add(clause.Arity);
            fingerprint.Add(clause.Clause);
            foreach (var line in clause.Lines)
            {
                fingerprint.Add(documents[line.Document]);
                fingerprint.Add(line.Line);
            }
        }

        /// <summary>
        /// The start of a clause's own fingerprint, its identity across builds: the counting mode,
        /// then each executable line's file and its distance from the clause's first line, so a
        /// method that only moved (code above it changed) keeps its identity. The clause number is
        /// left out (an overload added above renumbers the others); the pieces' full names, added
        /// with their IL after this, tell overloads apart.
        /// </summary>
        private static Fnv64 ClauseIdentity(CountingMode mode, ClauseProbes clause, IReadOnlyList<string> documents)
        {
            var identity = new Fnv64();
            identity.Add((long)mode);
            identity.Add(clause.Function);
            identity.Add(clause.Arity);
            var first = clause.Lines.Count == 0 ? 0 : clause.Lines.Min(l => l.Line);
            identity.Add(clause.Lines.Count);
            foreach (var line in clause.Lines)
            {
                identity.Add(documents[line.Document]);
                identity.Add(line.Line - first);
                identity.Add(line.Plus.Length);
            }

            return identity;
        }

        /// <summary>The IL as compiled: a module whose code changed is another build even if its lines did not move.</summary>
        private static void AddToFingerprint(ref Fnv64 fingerprint, MethodDefinition method)
        {
            fingerprint.Add(method.FullName);
            foreach (var instruction in method.Body.Instructions)
            {
                fingerprint.Add((long)instruction.OpCode.Value);
                switch (instruction.Operand)
                {
                    case null:
                        break;
                    case Instruction target:
                        fingerprint.Add(target.Offset);
                        break;
                    case Instruction[] targets:
                        foreach (var target in targets)
                        {
                            fingerprint.Add(target.Offset);
                        }

                        break;
                    case VariableDefinition variable:
                        fingerprint.Add(variable.Index);
                        break;
                    case ParameterDefinition parameter:
                        fingerprint.Add(parameter.Index);
                        break;
                    default:
                        fingerprint.Add(Convert.ToString(instruction.Operand, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }
        }

        private static (string Document, int Line) FirstPosition(IEnumerable<ClauseCandidate> clauses) =>
            clauses.Select(c => c.First).OrderBy(p => p, PositionOrder).First();

        private static readonly IComparer<(string Document, int Line)> PositionOrder =
            Comparer<(string Document, int Line)>.Create((a, b) =>
            {
                var byDocument = string.CompareOrdinal(a.Document, b.Document);
                return byDocument != 0 ? byDocument : a.Line.CompareTo(b.Line);
            });

        private static readonly IComparer<(string Document, int Line, int Column)> PointOrder =
            Comparer<(string Document, int Line, int Column)>.Create((a, b) =>
            {
                var byDocument = string.CompareOrdinal(a.Document, b.Document);
                if (byDocument != 0)
                {
                    return byDocument;
                }

                var byLine = a.Line.CompareTo(b.Line);
                return byLine != 0 ? byLine : a.Column.CompareTo(b.Column);
            });

        private sealed class ClauseCandidate
        {
            public ClauseCandidate(MethodDefinition method, List<(MethodDefinition Method, SequencePoint Point, Instruction At)> points)
            {
                Method = method;
                Points = points;
                First = points.Count == 0
                    ? ("", 0)
                    : points.Select(p => (p.Point.Document.Url, p.Point.StartLine)).OrderBy(p => p, PositionOrder).First();
            }

            public MethodDefinition Method { get; }

            public List<(MethodDefinition Method, SequencePoint Point, Instruction At)> Points { get; }

            public (string Document, int Line) First { get; }
        }
    }
}
