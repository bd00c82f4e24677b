using System.Text;

namespace VmssAutoscale.Model
{
    /// <summary>
    /// The one place each query language's string literals are built from a value the module read,
    /// so a quote, a backslash or a newline in an ID stays inside the literal and cannot add a clause.
    /// </summary>
    public static class QueryLiterals
    {
        /// <summary>
        /// An OData string literal for a $filter: in single quotes, a quote doubled (OData v4 ABNF,
        /// SQUOTE-in-string = SQUOTE SQUOTE; docs.oasis-open.org/odata/odata/v4.01/os/abnf/odata-abnf-construction-rules.txt,
        /// read 2026-12-07). Control characters, which no ID carries and OData cannot escape, are dropped.
        /// </summary>
        public static string OData(string value)
        {
            var sb = new StringBuilder(value.Length + 2).Append('\'');
            foreach (var c in value)
            {
                if (c == '\'')
                {
                    sb.Append("''");
                }
                else if (!char.IsControl(c))
                {
                    sb.Append(c);
                }
            }

            return sb.Append('\'').ToString();
        }

        /// <summary>
        /// A KQL string literal in <paramref name="quote"/> (double by default, or single): the
        /// backslash, the quote, tab, newline and return escaped with a backslash, other control
        /// characters dropped (Kusto "The string data type", string literals: learn.microsoft.com/kusto/query/scalar-data-types/string,
        /// read 2026-12-07; a raw newline must not appear in a quoted literal).
        /// </summary>
        public static string Kql(string value, char quote = '"')
        {
            var sb = new StringBuilder(value.Length + 2).Append(quote);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c == quote)
                        {
                            sb.Append('\\').Append(c);
                        }
                        else if (!char.IsControl(c))
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            return sb.Append(quote).ToString();
        }
    }
}
