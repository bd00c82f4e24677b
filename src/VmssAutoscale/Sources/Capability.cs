using System.Management.Automation;
using VmssAutoscale.Errors;

namespace VmssAutoscale.Sources
{
    /// <summary>
    /// One capability of a source set: the source that answers it, or the reason there is none
    /// ("the snapshot ... holds no ..."; "... cannot be queried offline"). A caller asks the
    /// property, never casts the session to find out what it can do.
    /// </summary>
    public sealed class Capability<T>
        where T : class
    {
        private readonly string errorId;
        private readonly ErrorCategory category;

        private Capability(T? source, string? unavailable, string errorId, ErrorCategory category)
        {
            Source = source;
            Unavailable = unavailable;
            this.errorId = errorId;
            this.category = category;
        }

        /// <summary>The source; null when the capability is absent.</summary>
        public T? Source { get; }

        /// <summary>Why it is absent, as a sentence to show; null when present.</summary>
        public string? Unavailable { get; }

        public bool Present => Source != null;

        public static Capability<T> Of(T source) => new Capability<T>(source, null, string.Empty, ErrorCategory.NotSpecified);

        /// <param name="reason">A whole sentence that says why and what to do instead.</param>
        public static Capability<T> Absent(string reason, string errorId = ErrorIds.NotInSnapshot, ErrorCategory category = ErrorCategory.InvalidOperation) =>
            new Capability<T>(null, reason, errorId, category);

        /// <summary>The source, or a ModuleException that carries the reason it is absent.</summary>
        public T Require(object? target) => Source ?? throw new ModuleException(errorId, category, Unavailable!, target);
    }
}
