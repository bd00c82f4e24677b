using System;
using System.Management.Automation;

namespace VmssAutoscale.Errors
{
    /// <summary>
    /// Builds the module's ErrorRecords. Every FullyQualifiedErrorId is "VmssAutoscale.&lt;id&gt;"
    /// with an id from <see cref="ErrorIds"/>, so users and scripts can catch a specific failure.
    /// </summary>
    public static class ModuleErrors
    {
        public const string Prefix = "VmssAutoscale.";

        public static ErrorRecord Record(string errorId, ErrorCategory category, object? target, string message, Exception? inner = null)
        {
            // Messages quote names and server text: no escape sequence from data reaches the console.
            message = Model.TerminalText.Clean(message, keepLineBreaks: true);
            var exception = new ModuleException(errorId, category, message, target, inner);
            var id = errorId.StartsWith(Prefix, StringComparison.Ordinal) ? errorId : Prefix + errorId;
            var record = new ErrorRecord(exception, id, category, target);
            record.ErrorDetails = new ErrorDetails(message);
            return record;
        }

        public static ErrorRecord Record(ModuleException e) => Record(e.ErrorId, e.Category, e.Target, e.Message, e.InnerException);
    }
}
