using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace VmssAutoscale.Templates
{
    /// <summary>A parsed ARM template language expression (the text between '[' and ']').</summary>
    internal abstract class ArmExpression
    {
        /// <summary>Parses "[...]" text (without the brackets). Throws FormatException with the column of the problem.</summary>
        public static ArmExpression Parse(string text) => new ExpressionParser(text).ParseAll();

        /// <summary>True when a JSON string is an expression: "[...]" but not the "[[" escape.</summary>
        public static bool IsExpression(string s) =>
            s.Length >= 2 && s[0] == '[' && s[s.Length - 1] == ']' && !(s.Length >= 2 && s[1] == '[');

        /// <summary>The literal a "[[...]" escaped string stands for.</summary>
        public static string Unescape(string s) => s.Length >= 2 && s[0] == '[' && s[1] == '[' ? s.Substring(1) : s;
    }

    internal sealed class LiteralExpression : ArmExpression
    {
        public LiteralExpression(object value) => Value = value;

        /// <summary>A string or a long.</summary>
        public object Value { get; }
    }

    internal sealed class CallExpression : ArmExpression
    {
        public CallExpression(string name, List<ArmExpression> args, int column)
        {
            Name = name;
            Args = args;
            Column = column;
        }

        public string Name { get; }

        public List<ArmExpression> Args { get; }

        public int Column { get; }
    }

    /// <summary>x.name or x[index].</summary>
    internal sealed class AccessExpression : ArmExpression
    {
        public AccessExpression(ArmExpression target, string? member, ArmExpression? index)
        {
            Target = target;
            Member = member;
            Index = index;
        }

        public ArmExpression Target { get; }

        public string? Member { get; }

        public ArmExpression? Index { get; }
    }

    internal sealed class ExpressionParser
    {
        private readonly string text;
        private int pos;
        private int depth;

        public ExpressionParser(string text) => this.text = text;

        public ArmExpression ParseAll()
        {
            var e = ParseExpression();
            SkipSpace();
            if (pos < text.Length)
            {
                throw Error($"unexpected '{text[pos]}' after the end of the expression");
            }

            return e;
        }

        private FormatException Error(string problem) => new FormatException($"{problem} (at character {pos + 1} of the expression)");

        private void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
        }

        private ArmExpression ParseExpression()
        {
            if (++depth > TemplateBudget.MaxExpressionNesting)
            {
                throw Error($"the expression nests calls and indexes more than {TemplateBudget.MaxExpressionNesting} levels deep");
            }

            try
            {
                return ParseValue();
            }
            finally
            {
                depth--;
            }
        }

        private ArmExpression ParseValue()
        {
            SkipSpace();
            if (pos >= text.Length)
            {
                throw Error("the expression ends where a value was expected");
            }

            ArmExpression e;
            var c = text[pos];
            if (c == '\'')
            {
                e = new LiteralExpression(ParseString());
            }
            else if (char.IsDigit(c) || (c == '-' && pos + 1 < text.Length && char.IsDigit(text[pos + 1])))
            {
                var start = pos++;
                while (pos < text.Length && char.IsDigit(text[pos]))
                {
                    pos++;
                }

                var digits = text.Substring(start, pos - start);
                if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    throw Error($"'{digits}' is not a whole number the template language can hold");
                }

                e = new LiteralExpression(n);
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var column = pos + 1;
                var start = pos;
                while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_' || text[pos] == '.'))
                {
                    // A dotted name such as sys.concat or a user-defined namespace.function.
                    if (text[pos] == '.' && !(pos + 1 < text.Length && char.IsLetter(text[pos + 1]) && LooksLikeNamespacedCall(start)))
                    {
                        break;
                    }

                    pos++;
                }

                var name = text.Substring(start, pos - start);
                SkipSpace();
                if (pos >= text.Length || text[pos] != '(')
                {
                    throw Error($"'{name}' must be followed by '(' (a function call); write text in single quotes");
                }

                pos++;
                var args = new List<ArmExpression>();
                SkipSpace();
                if (pos < text.Length && text[pos] == ')')
                {
                    pos++;
                }
                else
                {
                    while (true)
                    {
                        args.Add(ParseExpression());
                        SkipSpace();
                        if (pos >= text.Length)
                        {
                            throw Error($"the call to '{name}' is not closed with ')'");
                        }

                        if (text[pos] == ',')
                        {
                            pos++;
                            continue;
                        }

                        if (text[pos] == ')')
                        {
                            pos++;
                            break;
                        }

                        throw Error($"expected ',' or ')' in the call to '{name}' but found '{text[pos]}'");
                    }
                }

                e = new CallExpression(name, args, column);
            }
            else
            {
                throw Error($"unexpected '{c}'; expected a function call, a 'string' or a number");
            }

            return ParseAccessors(e);
        }

        /// <summary>Only "sys.x(" style names are dotted; "a.b" after a call is member access.</summary>
        private bool LooksLikeNamespacedCall(int start)
        {
            var i = pos + 1;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            return i < text.Length && text[i] == '(' && pos > start;
        }

        private ArmExpression ParseAccessors(ArmExpression e)
        {
            while (true)
            {
                SkipSpace();
                if (pos < text.Length && text[pos] == '.')
                {
                    pos++;
                    var start = pos;
                    while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_' || text[pos] == '$'))
                    {
                        pos++;
                    }

                    if (pos == start)
                    {
                        throw Error("expected a property name after '.'");
                    }

                    e = new AccessExpression(e, text.Substring(start, pos - start), null);
                }
                else if (pos < text.Length && text[pos] == '[')
                {
                    pos++;
                    var index = ParseExpression();
                    SkipSpace();
                    if (pos >= text.Length || text[pos] != ']')
                    {
                        throw Error("expected ']' after an index");
                    }

                    pos++;
                    e = new AccessExpression(e, null, index);
                }
                else
                {
                    return e;
                }
            }
        }

        private string ParseString()
        {
            pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (pos >= text.Length)
                {
                    throw Error("a 'string' is not closed with a single quote");
                }

                var c = text[pos++];
                if (c == '\'')
                {
                    if (pos < text.Length && text[pos] == '\'')
                    {
                        sb.Append('\'');
                        pos++;
                        continue;
                    }

                    return sb.ToString();
                }

                sb.Append(c);
            }
        }
    }
}
