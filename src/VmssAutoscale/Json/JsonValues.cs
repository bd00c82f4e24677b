using System.Globalization;
using VmssAutoscale.Model;

namespace VmssAutoscale.Json
{
    /// <summary>
    /// Scalars read from service JSON (ARM, metrics, logs, tables). Every string read this way may reach
    /// a view or a message, so it comes back cleaned for the terminal (<see cref="TerminalText"/>): no
    /// escape sequence from a server survives.
    /// </summary>
    internal static class JsonValues
    {
        /// <summary>The scalar as cleaned text; null for a missing or null node.</summary>
        public static string? Text(JsonNode? n) => n == null || n.IsNull ? null : TerminalText.CleanOrNull(n.ScalarText);

        /// <summary>A whole number written as a number or a string; null otherwise.</summary>
        public static int? Int(JsonNode? n) =>
            n?.ScalarText is string s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;

        /// <summary>A boolean written as one or as the string "true"/"false"; null otherwise.</summary>
        public static bool? Bool(JsonNode? n) =>
            n == null || n.IsNull ? (bool?)null
            : n.Kind == JsonKind.Boolean ? n.BooleanValue
            : bool.TryParse(n.ScalarText, out var b) ? b : (bool?)null;
    }
}
