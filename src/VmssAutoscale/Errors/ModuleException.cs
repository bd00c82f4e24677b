using System;
using System.Management.Automation;

namespace VmssAutoscale.Errors
{
    /// <summary>
    /// Raised by services below the cmdlets when a failure already has its id (from
    /// <see cref="ErrorIds"/>), category, target and message; a cmdlet turns it into an ErrorRecord
    /// with <see cref="ModuleErrors.Record(ModuleException)"/> without rewording it.
    /// </summary>
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
}
