using System;
using System.Management.Automation;

namespace VmssAutoscale.Cmdlets
{
    /// <summary>
    /// Builds the module's ErrorRecords. Every error id is "VmssAutoscale.&lt;Name&gt;" so users and
    /// scripts can catch a specific failure by its FullyQualifiedErrorId.
    /// </summary>
    public static class ModuleErrors
    {
        public const string Prefix = "VmssAutoscale.";

        /// <summary>Raised by services below the cmdlets when the failure already has its id, category and message.</summary>
        public sealed class ModuleException : Exception
        {
            public ModuleException(string errorId, ErrorCategory category, string message, object? target = null, Exception? inner = null)
                : base(message, inner)
            {
                ErrorId = errorId;
                Category = category;
                Target = target;
            }

            public string ErrorId { get; }

            public ErrorCategory Category { get; }

            public object? Target { get; }
        }

        public static ErrorRecord Record(string errorId, ErrorCategory category, object? target, string message, Exception? inner = null)
        {
            var exception = new ModuleException(errorId, category, message, target, inner);
            var id = errorId.StartsWith(Prefix, StringComparison.Ordinal) ? errorId : Prefix + errorId;
            var record = new ErrorRecord(exception, id, category, target);
            record.ErrorDetails = new ErrorDetails(message);
            return record;
        }

        public static ErrorRecord Record(ModuleException e) => Record(e.ErrorId, e.Category, e.Target, e.Message, e.InnerException);
    }
}
