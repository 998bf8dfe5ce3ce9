using System.Collections.Generic;

namespace CoverWeaver.Model
{
    // The probe model shared by the weaver, which writes it into every woven assembly, and the
    // runtime, which reads it back to turn raw counters into Erlang-style analyses. This file is
    // compiled into both assemblies, so it must stay plain data with no dependencies.

    /// <summary>How a woven assembly records hits.</summary>
    internal enum CountingMode : byte
    {
        /// <summary>Exact 64-bit counts per probe, kept per thread and summed when read.</summary>
        Count = 0,

        /// <summary>One byte per probe recording only that it ran: the cheapest probe there is.</summary>
        Set = 1,
    }

    /// <summary>Everything the weaver knows about the probes of one woven assembly.</summary>
    internal sealed class AssemblyProbeTable
    {
        /// <summary>The assembly's simple name.</summary>
        public string AssemblyName { get; set; } = "";

        /// <summary>
        /// Identity of this build of the assembly: a hash over its modules' fingerprints. Two
        /// builds with the same BuildId have the same probes and the same code.
        /// </summary>
        public ulong BuildId { get; set; }

        public CountingMode Mode { get; set; }

        /// <summary>Total number of counter slots; every slot index is below this.</summary>
        public int SlotCount { get; set; }

        /// <summary>Source documents, referenced by index from <see cref="LineProbe.Document"/>.</summary>
        public List<string> Documents { get; } = new List<string>();

        /// <summary>Modules (declared types) in source order.</summary>
        public List<ModuleProbes> Modules { get; } = new List<ModuleProbes>();
    }

    /// <summary>The probes of one module: a declared type, named as <c>Type.FullName</c> prints it.</summary>
    internal sealed class ModuleProbes
    {
        public string Name { get; set; } = "";

        /// <summary>
        /// Hash of the module's probes and of the IL they were placed in: data recorded by a build
        /// with another fingerprint is refused rather than merged.
        /// </summary>
        public ulong Fingerprint { get; set; }

        /// <summary>The first counter slot of this module; its slots are contiguous.</summary>
        public int FirstSlot { get; set; }

        public int SlotCount { get; set; }

        /// <summary>Clauses in source order (by first line).</summary>
        public List<ClauseProbes> Clauses { get; } = new List<ClauseProbes>();
    }

    /// <summary>
    /// One method of a module. Overloads of one name and arity are the clauses of one function,
    /// numbered from 1 in source order, as pattern-matched clauses are in Erlang.
    /// </summary>
    internal sealed class ClauseProbes
    {
        public string Function { get; set; } = "";
        public int Arity { get; set; }
        public int Clause { get; set; }

        /// <summary>
        /// The method's identity across builds with its module's name, <see cref="Function"/> and
        /// <see cref="Arity"/>: a hash of its signature, its IL and its generated pieces' IL, its
        /// executable lines relative to its first one, and the counting mode. Equal in two builds,
        /// the method did not change (it may have moved) and its probes lie alike within the clause.
        /// Null in tables written before the weaver recorded it (format version 1).
        /// </summary>
        public ulong? Fingerprint { get; set; }

        /// <summary>The slot bumped once each time the method is entered.</summary>
        public int EntrySlot { get; set; }

        /// <summary>One probe per executable sequence point, ordered by document and line.</summary>
        public List<LineProbe> Lines { get; } = new List<LineProbe>();
    }

    /// <summary>
    /// One executable sequence point: several may share a line. Its count is its slot's count
    /// plus the counts of <see cref="Plus"/>: a point reached only from a few others that always
    /// reach it (a loop's condition, after its entry and its last statement) is counted as their
    /// sum instead of by a probe of its own.
    /// </summary>
    internal readonly struct LineProbe
    {
        private static readonly int[] None = new int[0];

        public LineProbe(int document, int line, int slot, int[]? plus = null)
        {
            Document = document;
            Line = line;
            Slot = slot;
            Plus = plus ?? None;
        }

        public int Document { get; }
        public int Line { get; }
        public int Slot { get; }

        /// <summary>Further slots whose counts add to <see cref="Slot"/>'s; usually none.</summary>
        public int[] Plus { get; }
    }
}
