using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Web.Components.Builder.Canvas;

/// <summary>A note on the canvas: text for people, no ports, ignored by validation and the engine.</summary>
public sealed class StickyNote(NoteDefinition note) : NodeModel(new Point(note.Position?.X ?? 80, note.Position?.Y ?? 80))
{
    public const string Placeholder = "Double-click to write a note";

    public string Key { get; } = note.Id ?? Guid.NewGuid().ToString("N")[..8];

    public string Text { get; set; } = note.Text ?? "";

    public NoteDefinition ToDefinition() => new(Key, Text, new NodePosition(Math.Round(Position.X), Math.Round(Position.Y)));
}
