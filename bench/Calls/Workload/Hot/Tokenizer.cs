using System;
using System.Text;

namespace CoverWeaver.Bench.Calls.Hot
{
    public enum TokenKind
    {
        Identifier,
        Number,
        Operator,
        Punctuation,
        End,
    }

    public readonly record struct Token(TokenKind Kind, int Start, int Length);

    /// <summary>A hand-written lexer: small helper methods called per character.</summary>
    public sealed class Lexer
    {
        private readonly string _text;
        private int _position;

        public Lexer(string text) => _text = text;

        private bool AtEnd => _position >= _text.Length;

        private char Current => _text[_position];

        public Token Next()
        {
            SkipWhitespace();
            if (AtEnd)
            {
                return new Token(TokenKind.End, _position, 0);
            }

            var start = _position;
            var c = Current;
            if (IsIdentifierStart(c))
            {
                while (!AtEnd && IsIdentifierPart(Current))
                {
                    _position++;
                }

                return new Token(TokenKind.Identifier, start, _position - start);
            }

            if (IsDigit(c))
            {
                while (!AtEnd && IsDigit(Current))
                {
                    _position++;
                }

                return new Token(TokenKind.Number, start, _position - start);
            }

            _position++;
            if (IsOperator(c))
            {
                if (!AtEnd && Current == '=')
                {
                    _position++;
                }

                return new Token(TokenKind.Operator, start, _position - start);
            }

            return new Token(TokenKind.Punctuation, start, 1);
        }

        private void SkipWhitespace()
        {
            while (!AtEnd && char.IsWhiteSpace(Current))
            {
                _position++;
            }
        }

        private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool IsOperator(char c) => c is '+' or '-' or '*' or '/' or '=' or '<' or '>' or '!';
    }

    /// <summary>Lexes a generated program of a small language, summing what it saw.</summary>
    public sealed class Tokenizer
    {
        private readonly string _text;

        public Tokenizer(int statements)
        {
            var random = new Random(17);
            var names = Names.Make(random, 30, "v");
            var text = new StringBuilder();
            for (var i = 0; i < statements; i++)
            {
                var a = names[random.Next(names.Length)];
                var b = names[random.Next(names.Length)];
                text.Append(random.Next(3) switch
                {
                    0 => $"let {a} = {b} * ({a} + {random.Next(1000)}) - {b};\n",
                    1 => $"if ({a} >= {random.Next(100)}) {{ {b} = {b} / 2; }}\n",
                    _ => $"while ({a} != {b}) {{ {a} = {a} + 1; }}\n",
                });
            }

            _text = text.ToString();
        }

        public long Pass()
        {
            var lexer = new Lexer(_text);
            long sum = 0;
            for (var token = lexer.Next(); token.Kind != TokenKind.End; token = lexer.Next())
            {
                sum += (int)token.Kind * 31 + token.Length;
            }

            return sum;
        }
    }
}
