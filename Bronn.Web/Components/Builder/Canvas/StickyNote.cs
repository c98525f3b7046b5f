using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Web.Components.Builder.Canvas;

/// <summary>A note on the canvas: Markdown for people, no ports, ignored by validation and the engine.</summary>
public sealed class StickyNote(NoteDefinition note) : NodeModel(new Point(note.Position?.X ?? 80, note.Position?.Y ?? 80))
{
    public const string Placeholder = "Double-click to write a note (Markdown: **bold**, lists, links)";

    public string Key { get; } = note.Id ?? Guid.NewGuid().ToString("N")[..8];

    public string Text { get; set; } = note.Text ?? "";

    /// <summary>One of <see cref="StickyNotes.Colors"/>; null is the default yellow.</summary>
    public string? Color { get; set; } = note.Color;

    /// <summary>Set once the note is resized by hand; null: the default width and a height that fits the text.</summary>
    public double? Width { get; set; } = note.Width;

    public double? Height { get; set; } = note.Height;

    /// <summary>The first free "note_N" id.</summary>
    public static string NewKey(IReadOnlySet<string> taken) =>
        $"note_{Enumerable.Range(1, taken.Count + 1).First(i => !taken.Contains($"note_{i}"))}";

    public NoteDefinition ToDefinition() => new(Key, Text, new NodePosition(Math.Round(Position.X), Math.Round(Position.Y)),
        Color, Width is { } w ? Math.Round(w) : null, Height is { } h ? Math.Round(h) : null);
}
