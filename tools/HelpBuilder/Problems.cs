using System.Collections.Generic;

namespace HelpBuilder;

// Everything wrong with the docs, collected across all pages so that one run reports every
// problem instead of making the author fix them one build at a time.
internal sealed record Problem(string File, int Line, string Message, bool IsWarning = false)
{
    // file:line: message is the shape editors and CI logs turn into clickable locations.
    public override string ToString() => $"{File}:{Line}: {(IsWarning ? "warning" : "error")}: {Message}";
}

internal sealed class Problems
{
    private readonly List<Problem> _items = new();

    /// <summary>Errors and warnings, in the order they were found.</summary>
    public IReadOnlyList<Problem> Items => _items;

    /// <summary>Errors only: warnings are printed but do not stop the build.</summary>
    public bool Any => _items.Exists(p => !p.IsWarning);

    public int ErrorCount => _items.FindAll(p => !p.IsWarning).Count;

    public void Add(string file, int line, string message) => _items.Add(new Problem(file, line, message));

    public void Warn(string file, int line, string message) => _items.Add(new Problem(file, line, message, IsWarning: true));
}
