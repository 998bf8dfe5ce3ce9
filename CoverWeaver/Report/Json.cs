using System.Globalization;
using System.Text;

namespace CoverWeaver.Report
{
    /// <summary>
    /// Just enough of a JSON writer for the endpoint's and the Coveralls job's few shapes: the runtime takes no package,
    /// so no serializer. Callers write commas; this escapes strings and formats numbers.
    /// </summary>
    internal sealed class Json
    {
        private readonly StringBuilder _text = new StringBuilder();

        public Json Raw(string text)
        {
            _text.Append(text);
            return this;
        }

        /// <summary>Writes <c>"name":</c>.</summary>
        public Json Name(string name) => String(name).Raw(":");

        public Json Number(long value)
        {
            _text.Append(value.ToString(CultureInfo.InvariantCulture));
            return this;
        }

        public Json String(string value)
        {
            _text.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': _text.Append("\\\""); break;
                    case '\\': _text.Append("\\\\"); break;
                    case '\n': _text.Append("\\n"); break;
                    case '\r': _text.Append("\\r"); break;
                    case '\t': _text.Append("\\t"); break;
                    default:
                        // Control characters must be escaped; U+2028/9 too, as some JavaScript
                        // parsers take them for line ends; lone surrogates so the text stays valid UTF-8.
                        if (c < 0x20 || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                        {
                            _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            _text.Append(c);
                        }

                        break;
                }
            }

            _text.Append('"');
            return this;
        }

        public override string ToString() => _text.ToString();
    }
}
