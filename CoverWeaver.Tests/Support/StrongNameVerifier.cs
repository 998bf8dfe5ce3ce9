using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace CoverWeaver.Tests.Support
{
    /// <summary>
    /// Checks an assembly's strong-name signature as ECMA-335 defines it (the runtime on Linux does
    /// not): SHA-1 over the headers, with checksum and certificate directory zeroed, and over every
    /// section except the signature itself, verified with the public key in the assembly manifest.
    /// </summary>
    internal static class StrongNameVerifier
    {
        private const int PE32OptionalHeaderSize = 224;
        private const int PE32PlusOptionalHeaderSize = 240;
        private const int SectionHeaderSize = 40;
        private const int ChecksumOffset = 64;

        public static bool IsValidlySigned(string path)
        {
            var image = File.ReadAllBytes(path);
            using var pe = new PEReader(new MemoryStream(image));
            var headers = pe.PEHeaders;
            var directory = headers.CorHeader?.StrongNameSignatureDirectory ?? default;
            if (directory.Size == 0 || !headers.TryGetDirectoryOffset(directory, out var signatureOffset))
            {
                return false;
            }

            var publicKey = pe.GetMetadataReader().GetBlobBytes(pe.GetMetadataReader().GetAssemblyDefinition().PublicKey);
            if (publicKey.Length < 12 + 20)
            {
                return false;
            }

            var hash = SigningHash(image, headers, signatureOffset, directory.Size);
            var signature = image.Skip(signatureOffset).Take(directory.Size).Reverse().ToArray();
            using var rsa = RSA.Create();
            rsa.ImportParameters(FromCapiPublicKey(publicKey.AsSpan(12)));
            return rsa.VerifyHash(hash, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        }

        private static byte[] SigningHash(byte[] image, PEHeaders headers, int signatureOffset, int signatureSize)
        {
            var copy = (byte[])image.Clone();
            var optionalHeader = headers.PEHeaderStartOffset;
            var is32 = headers.PEHeader!.Magic == PEMagic.PE32;
            Array.Clear(copy, optionalHeader + ChecksumOffset, 4);
            var certificateDirectory = optionalHeader + (is32 ? 128 : 144);
            Array.Clear(copy, certificateDirectory, 8);

            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            var headersEnd = optionalHeader + (is32 ? PE32OptionalHeaderSize : PE32PlusOptionalHeaderSize) + SectionHeaderSize * headers.SectionHeaders.Length;
            sha1.AppendData(copy, 0, headersEnd);
            foreach (var section in headers.SectionHeaders)
            {
                var start = section.PointerToRawData;
                var size = section.SizeOfRawData;
                if (signatureOffset + signatureSize <= start || signatureOffset >= start + size)
                {
                    sha1.AppendData(copy, start, size);
                }
                else
                {
                    sha1.AppendData(copy, start, signatureOffset - start);
                    var after = signatureOffset + signatureSize;
                    sha1.AppendData(copy, after, start + size - after);
                }
            }

            return sha1.GetHashAndReset();
        }

        /// <summary>A CAPI PUBLICKEYBLOB (BLOBHEADER, RSAPUBKEY, little-endian modulus) as RSA parameters.</summary>
        private static RSAParameters FromCapiPublicKey(ReadOnlySpan<byte> blob)
        {
            var bitLength = BitConverter.ToInt32(blob.Slice(12, 4));
            var exponent = BitConverter.GetBytes(BitConverter.ToUInt32(blob.Slice(16, 4))).Reverse().SkipWhile(b => b == 0).ToArray();
            var modulus = blob.Slice(20, bitLength / 8).ToArray();
            Array.Reverse(modulus);
            return new RSAParameters { Modulus = modulus, Exponent = exponent };
        }
    }
}
