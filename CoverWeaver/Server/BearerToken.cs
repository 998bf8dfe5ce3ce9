using System;
using System.Security.Cryptography;
using System.Text;

namespace CoverWeaver.Server
{
    /// <summary>The shared secret clients must present as <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    internal sealed class BearerToken
    {
        private readonly byte[] _hash;

        private BearerToken(string token)
        {
            _hash = Hash(token);
        }

        /// <summary>A token, or null for none; refuses one that could not travel in a header unchanged.</summary>
        /// <exception cref="ArgumentException">The token is empty or holds whitespace or control characters.</exception>
        public static BearerToken? From(string? token)
        {
            if (token == null)
            {
                return null;
            }

            if (token.Length == 0)
            {
                throw new ArgumentException("The token is empty; pass null for no token, or a secret of visible characters.", nameof(token));
            }

            foreach (var c in token)
            {
                if (c <= ' ' || c >= 0x7F)
                {
                    throw new ArgumentException("The token must be visible ASCII characters only, with no spaces, so it travels in an Authorization header unchanged.", nameof(token));
                }
            }

            return new BearerToken(token);
        }

        /// <summary>Whether an <c>Authorization</c> header value carries this token.</summary>
        public bool Accepts(string? authorization)
        {
            const string Scheme = "Bearer ";
            if (authorization == null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            // Comparing hashes, every byte of them, takes the same time whatever the guess shares
            // with the token, its length included: timing tells an attacker nothing.
            var presented = Hash(authorization.Substring(Scheme.Length).Trim());
            var difference = 0;
            for (var i = 0; i < _hash.Length; i++)
            {
                difference |= _hash[i] ^ presented[i];
            }

            return difference == 0;
        }

        private static byte[] Hash(string text)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        }
    }
}
