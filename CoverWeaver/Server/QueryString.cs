using System;

namespace CoverWeaver.Server
{
    /// <summary>Reads one parameter of a form-encoded query string.</summary>
    internal static class QueryString
    {
        /// <summary>
        /// The decoded value of the last <paramref name="name"/>, null when absent (a bare name is
        /// empty); false when the query is not valid percent-encoding.
        /// </summary>
        public static bool TryGet(string query, string name, out string? value)
        {
            value = null;
            if (query.Length == 0)
            {
                return true;
            }

            foreach (var pair in query.Split('&'))
            {
                if (pair.Length == 0)
                {
                    continue;
                }

                var equals = pair.IndexOf('=');
                var key = equals < 0 ? pair : pair.Substring(0, equals);
                var raw = equals < 0 ? "" : pair.Substring(equals + 1);
                if (!TryDecode(key, out var decodedKey) || !TryDecode(raw, out var decodedValue))
                {
                    return false;
                }

                if (decodedKey == name)
                {
                    value = decodedValue;
                }
            }

            return true;
        }

        private static bool TryDecode(string text, out string decoded)
        {
            decoded = text;
            if (text.IndexOf('%') < 0 && text.IndexOf('+') < 0)
            {
                return true;
            }

            try
            {
                for (var i = text.IndexOf('%'); i >= 0; i = text.IndexOf('%', i + 1))
                {
                    // Uri.UnescapeDataString leaves a stray '%' as it is; a malformed query is the client's error to hear about.
                    if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))
                    {
                        return false;
                    }
                }

                decoded = Uri.UnescapeDataString(text.Replace('+', ' '));
                return true;
            }
            catch (UriFormatException)
            {
                return false;
            }
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
