using System;
using System.IO;
using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CoverWeaver.Fody.Instrumentation
{
    /// <summary>
    /// Writes a portable PDB whose CodeView entry in the assembly names the path the PDB ends up at,
    /// not the temporary file it is first written to. The runtime (stack-trace line numbers) and
    /// debuggers find a PDB through that entry: at its path, or by its file name beside the
    /// assembly; a temporary name would match neither once the PDB is moved into place.
    /// </summary>
    internal sealed class FinalPdbPathWriterProvider : ISymbolWriterProvider
    {
        private const int CodeViewSignature = 0x53445352; // "RSDS"
        private const int PathOffset = 24; // signature, PDB id (16 bytes), age

        private readonly PortablePdbWriterProvider _inner = new PortablePdbWriterProvider();
        private readonly string _finalPdbPath;

        public FinalPdbPathWriterProvider(string finalPdbPath)
        {
            _finalPdbPath = finalPdbPath;
        }

        public ISymbolWriter GetSymbolWriter(ModuleDefinition module, string fileName) => new Writer(_inner.GetSymbolWriter(module, fileName), _finalPdbPath);

        public ISymbolWriter GetSymbolWriter(ModuleDefinition module, Stream symbolStream) => new Writer(_inner.GetSymbolWriter(module, symbolStream), _finalPdbPath);

        /// <summary>The CodeView data with its path replaced; other data as it was.</summary>
        internal static byte[] WithPath(byte[] data, string path)
        {
            if (data.Length < PathOffset || BitConverter.ToInt32(data, 0) != CodeViewSignature)
            {
                return data;
            }

            var bytes = Encoding.UTF8.GetBytes(path);
            var result = new byte[PathOffset + bytes.Length + 1];
            Buffer.BlockCopy(data, 0, result, 0, PathOffset);
            Buffer.BlockCopy(bytes, 0, result, PathOffset, bytes.Length);
            return result;
        }

        private sealed class Writer : ISymbolWriter
        {
            private readonly ISymbolWriter _inner;
            private readonly string _pdbPath;

            public Writer(ISymbolWriter inner, string pdbPath)
            {
                _inner = inner;
                _pdbPath = pdbPath;
            }

            public ImageDebugHeader GetDebugHeader()
            {
                var header = _inner.GetDebugHeader();
                var entries = new ImageDebugHeaderEntry[header.Entries.Length];
                for (var i = 0; i < entries.Length; i++)
                {
                    var entry = header.Entries[i];
                    if (entry.Directory.Type != ImageDebugType.CodeView)
                    {
                        entries[i] = entry;
                        continue;
                    }

                    var data = WithPath(entry.Data, _pdbPath);
                    var directory = entry.Directory;
                    directory.SizeOfData = data.Length;
                    entries[i] = new ImageDebugHeaderEntry(directory, data);
                }

                return new ImageDebugHeader(entries);
            }

            public ISymbolReaderProvider GetReaderProvider() => _inner.GetReaderProvider();

            public void Write(MethodDebugInformation info) => _inner.Write(info);

            public void Write(ICustomDebugInformationProvider provider) => _inner.Write(provider);

            public void Write() => _inner.Write();

            public void Dispose() => _inner.Dispose();
        }
    }
}
