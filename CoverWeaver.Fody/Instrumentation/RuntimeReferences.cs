using System;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;
using CoverWeaver.Model;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// What woven code needs from the runtime: a reference to <c>CoverWeaver.dll</c> (of the
    /// weaver's own version: they ship together) and a type added to the woven assembly that holds
    /// where its counters are. No other assembly is referenced.
    /// </summary>
    internal sealed class RuntimeReferences
    {
        /// <summary>Public key token of the runtime's strong name (build/CoverWeaver.snk).</summary>
        internal static readonly byte[] RuntimePublicKeyToken = { 0x7c, 0x30, 0xb2, 0x56, 0x9a, 0x74, 0x26, 0xe6 };

        internal const string RuntimeAssemblyName = "CoverWeaver";

        private RuntimeReferences(CountingMode mode, FieldDefinition counters, MethodDefinition? newBlock)
        {
            Mode = mode;
            Counters = counters;
            NewBlock = newBlock;
        }

        public CountingMode Mode { get; }

        /// <summary>
        /// Set mode: a static field holding the address of the assembly's probe bytes (written once, by
        /// the holder's static constructor).
        /// Count mode: a thread-static field holding the calling thread's counter block, or zero.
        /// </summary>
        public FieldDefinition Counters { get; }

        /// <summary>Count mode: the added method that gets the calling thread a block and stores it in <see cref="Counters"/>.</summary>
        public MethodDefinition? NewBlock { get; }

        /// <summary>Adds the reference and the holder type to <paramref name="module"/>.</summary>
        public static RuntimeReferences AddTo(ModuleDefinition module, int slotCount, CountingMode mode)
        {
            var types = module.TypeSystem;
            var probeRuntime = new TypeReference("CoverWeaver.Runtime", "ProbeRuntime", module, RuntimeAssembly(module));
            var typeHandle = new TypeReference("System", "RuntimeTypeHandle", module, types.CoreLibrary, true);
            var getBlock = new MethodReference(mode == CountingMode.Set ? "SetBlock" : "ThreadBlock", types.IntPtr, probeRuntime) { HasThis = false };
            getBlock.Parameters.Add(new ParameterDefinition(typeHandle));
            getBlock.Parameters.Add(new ParameterDefinition(types.Int32));

            var holder = new TypeDefinition(
                "",
                ProbeTableCodec.HolderTypeName,
                TypeAttributes.NotPublic | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.BeforeFieldInit | TypeAttributes.Class,
                types.Object);
            module.Types.Add(holder);

            if (mode == CountingMode.Set)
            {
                // Not initonly, on purpose: the JIT would fold a readonly static into every probe as
                // a 64-bit constant address (a 10-byte move before each test); read into the method's
                // local, the base stays in a register and a probe is one 7-byte compare with the
                // slot as displacement. Measured: set mode 1.17x -> 1.15x on bench/Calls.
                var counters = new FieldDefinition("Counters", FieldAttributes.Assembly | FieldAttributes.Static, types.IntPtr);
                holder.Fields.Add(counters);
                var cctor = StaticMethod(holder, ".cctor", types.Void, MethodAttributes.Private | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName);
                var il = cctor.Body.GetILProcessor();
                il.Emit(OpCodes.Ldtoken, holder);
                il.Emit(OpCodes.Ldc_I4, slotCount);
                il.Emit(OpCodes.Call, getBlock);
                il.Emit(OpCodes.Stsfld, counters);
                il.Emit(OpCodes.Ret);
                return new RuntimeReferences(mode, counters, null);
            }

            var block = new FieldDefinition("Block", FieldAttributes.Assembly | FieldAttributes.Static, types.IntPtr);
            var threadStatic = new TypeReference("System", "ThreadStaticAttribute", module, types.CoreLibrary);
            block.CustomAttributes.Add(new CustomAttribute(new MethodReference(".ctor", types.Void, threadStatic) { HasThis = true }));
            holder.Fields.Add(block);
            var newBlock = StaticMethod(holder, "NewBlock", types.IntPtr, MethodAttributes.Assembly);
            var body = newBlock.Body.GetILProcessor();
            body.Emit(OpCodes.Ldtoken, holder);
            body.Emit(OpCodes.Ldc_I4, slotCount);
            body.Emit(OpCodes.Call, getBlock);
            body.Emit(OpCodes.Dup);
            body.Emit(OpCodes.Stsfld, block);
            body.Emit(OpCodes.Ret);
            return new RuntimeReferences(mode, block, newBlock);
        }

        private static MethodDefinition StaticMethod(TypeDefinition holder, string name, TypeReference returnType, MethodAttributes attributes)
        {
            var method = new MethodDefinition(name, attributes | MethodAttributes.Static | MethodAttributes.HideBySig, returnType);
            holder.Methods.Add(method);
            return method;
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
