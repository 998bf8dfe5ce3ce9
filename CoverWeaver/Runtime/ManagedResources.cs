using System;
using System.IO;

namespace CoverWeaver.Runtime
{
    /// <summary>
    /// Finds an embedded resource in an assembly file without loading it and without reading the
    /// whole file: the PE headers lead to the CLI header, which gives the managed resources'
    /// place; each resource there is a 4-byte length and its bytes (ECMA-335 II.24.2.4, II.25).
    /// Only the headers and the resources are read, so looking through a directory of large
    /// assemblies for woven ones costs a few kilobytes each.
    /// </summary>
    internal static class ManagedResources
    {
        private const int MaxSections = 96;

        /// <summary>
        /// The first managed resource of <paramref name="path"/> whose bytes start with
        /// <paramref name="magic"/>, or null when there is none or the file is no .NET assembly.
        /// </summary>
        public static byte[]? Find(string path, byte[] magic)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new BinaryReader(stream);
            try
            {
                return Find(stream, reader, magic);
            }
            catch (EndOfStreamException)
            {
                return null;
            }
        }

        private static byte[]? Find(Stream stream, BinaryReader reader, byte[] magic)
        {
            if (stream.Length < 0x40 || reader.ReadUInt16() != 0x5A4D)
            {
                return null;
            }

            stream.Position = 0x3C;
            var pe = reader.ReadUInt32();
            if (pe > stream.Length - 24)
            {
                return null;
            }

            stream.Position = pe;
            if (reader.ReadUInt32() != 0x00004550)
            {
                return null;
            }

            stream.Position = pe + 4 + 2;
            var sections = reader.ReadUInt16();
            stream.Position = pe + 4 + 16;
            var optionalSize = reader.ReadUInt16();
            var optional = pe + 4 + 20;
            stream.Position = optional;
            var kind = reader.ReadUInt16();

            // The CLI header is data directory 14: after 96 bytes of PE32 fields, or 112 of PE32+.
            var directories = optional + (kind == 0x20B ? 112 : 96);
            if (sections > MaxSections || directories + (15 * 8) > optional + optionalSize)
            {
                return null;
            }

            stream.Position = directories + (14 * 8);
            var cliRva = reader.ReadUInt32();
            var sectionTable = optional + optionalSize;
            var cli = Offset(stream, reader, sectionTable, sections, cliRva);
            if (cli == null)
            {
                return null;
            }

            stream.Position = cli.Value + 24;
            var resourcesRva = reader.ReadUInt32();
            var resourcesSize = reader.ReadUInt32();
            var resources = Offset(stream, reader, sectionTable, sections, resourcesRva);
            if (resources == null || resources.Value + resourcesSize > stream.Length)
            {
                return null;
            }

            var at = resources.Value;
            var end = resources.Value + resourcesSize;
            var start = new byte[magic.Length];
            while (at + 4 <= end)
            {
                stream.Position = at;
                var length = reader.ReadUInt32();
                if (length > end - at - 4)
                {
                    return null;
                }

                if (length >= magic.Length && reader.Read(start, 0, start.Length) == start.Length && Same(start, magic))
                {
                    stream.Position = at + 4;
                    return reader.ReadBytes((int)length);
                }

                // Resources are aligned to 8 bytes one after the other.
                at = (at + 4 + length + 7) & ~7L;
            }

            return null;
        }

        /// <summary>The file offset of <paramref name="rva"/>, found in the section that holds it.</summary>
        private static long? Offset(Stream stream, BinaryReader reader, long sectionTable, int sections, uint rva)
        {
            for (var i = 0; i < sections; i++)
            {
                stream.Position = sectionTable + (i * 40) + 8;
                var virtualSize = reader.ReadUInt32();
                var virtualAddress = reader.ReadUInt32();
                var rawSize = reader.ReadUInt32();
                var rawPointer = reader.ReadUInt32();
                if (rva >= virtualAddress && rva < virtualAddress + Math.Max(virtualSize, rawSize))
                {
                    return (long)rawPointer + (rva - virtualAddress);
                }
            }

            return null;
        }

        private static bool Same(byte[] a, byte[] b)
        {
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
