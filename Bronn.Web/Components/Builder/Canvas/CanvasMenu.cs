namespace Bronn.Web.Components.Builder.Canvas;

/// <summary>One entry of the canvas's right-click menu: what it does (a builder action), how it reads, its shortcut.</summary>
public sealed record CanvasMenuItem(string Action, string Label, string Icon, string? Keys = null);

/// <summary>The right-click menu of a node or note, where the pointer was (kept inside the window).</summary>
public sealed record CanvasMenu(double X, double Y, IReadOnlyList<CanvasMenuItem> Items)
{
    private const double Width = 230, ItemHeight = 36, Margin = 8;

    public static CanvasMenu At(double x, double y, double windowWidth, double windowHeight, IReadOnlyList<CanvasMenuItem> items) =>
        new(Math.Max(Margin, Math.Min(x, windowWidth - Width - Margin)),
            Math.Max(Margin, Math.Min(y, windowHeight - items.Count * ItemHeight - 2 * Margin)), items);
}
