using System.Collections.Generic;
using Mono.Cecil;
using Mono.Cecil.Cil;
using CoverWeaver.Model;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>What instrumentation will do to a module: the probe table, and the probes of each method body.</summary>
    internal sealed class ProbePlan
    {
        public ProbePlan(AssemblyProbeTable table, IReadOnlyList<MethodProbes> methods)
        {
            Table = table;
            Methods = methods;
        }

        public AssemblyProbeTable Table { get; }

        public IReadOnlyList<MethodProbes> Methods { get; }
    }

    /// <summary>The probes going into one method body.</summary>
    internal sealed class MethodProbes
    {
        public MethodProbes(MethodDefinition method)
        {
            Method = method;
        }

        public MethodDefinition Method { get; }

        /// <summary>Set for a user method that is a clause: the slot counting its entries.</summary>
        public int? EntrySlot { get; set; }

        public List<(Instruction At, int Slot)> Points { get; } = new List<(Instruction, int)>();
    }
}
