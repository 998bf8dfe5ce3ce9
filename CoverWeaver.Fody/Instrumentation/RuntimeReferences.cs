using System;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using CoverWeaver.Model;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// What woven code needs from the runtime: a reference to <c>CoverWeaver.dll</c> (of the
    /// weaver's own version: they ship together) and the type added to the woven assembly that
    /// holds its counters' address. No other assembly is referenced.
    /// </summary>
    internal sealed class RuntimeReferences
    {
        /// <summary>Public key token of the runtime's strong name (build/CoverWeaver.snk).</summary>
        internal static readonly byte[] RuntimePublicKeyToken = { 0x7c, 0x30, 0xb2, 0x56, 0x9a, 0x74, 0x26, 0xe6 };

        internal const string RuntimeAssemblyName = "CoverWeaver";

        private RuntimeReferences(FieldDefinition counters, MethodReference hit)
        {
            Counters = counters;
            Hit = hit;
        }

        /// <summary>The static field holding the address of the assembly's first counter.</summary>
        public FieldDefinition Counters { get; }

        /// <summary><c>ProbeRuntime.Hit(long*)</c>.</summary>
        public MethodReference Hit { get; }

        /// <summary>Adds the reference and the holder type to <paramref name="module"/>.</summary>
        public static RuntimeReferences AddTo(ModuleDefinition module, int slotCount)
        {
            var runtime = RuntimeAssembly(module);
            var probeRuntime = new TypeReference("CoverWeaver.Runtime", "ProbeRuntime", module, runtime);

            var hit = new MethodReference("Hit", module.TypeSystem.Void, probeRuntime) { HasThis = false };
            hit.Parameters.Add(new ParameterDefinition(new PointerType(module.TypeSystem.Int64)));

            var typeHandle = new TypeReference("System", "RuntimeTypeHandle", module, module.TypeSystem.CoreLibrary, true);
            var attach = new MethodReference("Attach", module.TypeSystem.IntPtr, probeRuntime) { HasThis = false };
            attach.Parameters.Add(new ParameterDefinition(typeHandle));
            attach.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int32));

            var holder = new TypeDefinition(
                "",
                ProbeTableCodec.HolderTypeName,
                TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit | TypeAttributes.Class,
                module.TypeSystem.Object);
            var counters = new FieldDefinition("Counters", FieldAttributes.Assembly | FieldAttributes.Static | FieldAttributes.InitOnly, module.TypeSystem.IntPtr);
            holder.Fields.Add(counters);

            var cctor = new MethodDefinition(
                ".cctor",
                MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                module.TypeSystem.Void);
            var il = cctor.Body.GetILProcessor();
            il.Emit(OpCodes.Ldtoken, holder);
            il.Emit(OpCodes.Ldc_I4, slotCount);
            il.Emit(OpCodes.Call, attach);
            il.Emit(OpCodes.Stsfld, counters);
            il.Emit(OpCodes.Ret);
            holder.Methods.Add(cctor);
            module.Types.Add(holder);

            return new RuntimeReferences(counters, hit);
        }

        private static AssemblyNameReference RuntimeAssembly(ModuleDefinition module)
        {
            var existing = module.AssemblyReferences.FirstOrDefault(r => r.Name == RuntimeAssemblyName);
            if (existing != null)
            {
                return existing;
            }

            var version = typeof(RuntimeReferences).Assembly.GetName().Version ?? new Version(0, 0, 0, 0);
            var reference = new AssemblyNameReference(RuntimeAssemblyName, version) { PublicKeyToken = RuntimePublicKeyToken };
            module.AssemblyReferences.Add(reference);
            return reference;
        }
    }
}
