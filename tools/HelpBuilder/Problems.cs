using System.Collections.Generic;

namespace HelpBuilder;

// Everything wrong with the docs, collected across all pages so that one run reports every
// problem instead of making the author fix them one build at a time.
internal sealed record Problem(string File, int Line, string Message)
{
    // file:line: message is the shape editors and CI logs turn into clickable locations.
    public override string ToString() => $"{File}:{Line}: error: {Message}";
}

internal sealed class Problems
{
    private readonly List<Problem> _items = new();

    public IReadOnlyList<Problem> Items => _items;

    public bool Any => _items.Count > 0;

    public void Add(string file, int line, string message) => _items.Add(new Problem(file, line, message));
}
