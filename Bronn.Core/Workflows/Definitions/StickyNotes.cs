namespace Bronn.Core.Workflows.Definitions;

/// <summary>What a workflow's sticky notes may be: how many, how long, which colours and sizes.</summary>
public static class StickyNotes
{
    public const int MaxNotes = 100;
    public const int MaxLength = 5000;
    public const string DefaultColor = "yellow";
    public const double DefaultWidth = 220, DefaultHeight = 110;
    public const double MinWidth = 120, MinHeight = 60, MaxSide = 2000;

    public static readonly IReadOnlyList<string> Colors = ["yellow", "blue", "green", "pink", "purple", "grey"];

    /// <summary>The first thing wrong with these notes, in words a person can act on; null when there is none.</summary>
    public static string? Problem(IReadOnlyList<NoteDefinition>? notes)
    {
        if (notes is null)
        {
            return null;
        }
        if (notes.Count > MaxNotes)
        {
            return $"A workflow may have at most {MaxNotes} sticky notes.";
        }
        foreach (var note in notes)
        {
            if (note.Text?.Length > MaxLength)
            {
                return $"A sticky note may hold at most {MaxLength:N0} characters (note '{note.Id}' has {note.Text.Length:N0}).";
            }
            if (note.Color is { } color && !Colors.Contains(color))
            {
                return $"Sticky note '{note.Id}' has the colour '{color}'; a note's colour is one of {string.Join(", ", Colors)}.";
            }
            if (note.Width is { } width && (double.IsNaN(width) || width < MinWidth || width > MaxSide))
            {
                return $"Sticky note '{note.Id}' is {width} px wide; a note is {MinWidth}-{MaxSide} px wide.";
            }
            if (note.Height is { } height && (double.IsNaN(height) || height < MinHeight || height > MaxSide))
            {
                return $"Sticky note '{note.Id}' is {height} px high; a note is {MinHeight}-{MaxSide} px high.";
            }
        }
        return null;
    }
}
