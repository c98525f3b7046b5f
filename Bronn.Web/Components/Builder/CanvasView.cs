using Blazor.Diagrams;
using Blazor.Diagrams.Core.Models;

namespace Bronn.Web.Components.Builder;

/// <summary>What part of the canvas is in view: zooming about its middle, fitting every node, bringing one node into view.</summary>
public static class CanvasView
{
    /// <summary>Below this, node titles are too small to read: "fit" stops here and shows the start of the workflow.</summary>
    public const double ReadableZoom = 0.5;

    public const double MinZoom = 0.2;
    public const double MaxZoom = 2;
    public const double Step = 1.2;

    private const double Margin = 40, TypicalWidth = 200, TypicalHeight = 70;

    /// <summary>Above the nodes "fit" leaves room for the run's chip in the canvas's corner and the nodes' run badges.</summary>
    private const double TopMargin = 64;

    /// <summary>Zooms by <paramref name="factor"/> (or to <paramref name="to"/>) keeping the middle of the view where it is.</summary>
    public static void ZoomAboutCenter(BlazorDiagram diagram, double factor = 1, double? to = null)
    {
        if (diagram.Container is not { Width: > 0, Height: > 0 } view)
        {
            return;
        }
        var zoom = Math.Clamp(to ?? diagram.Zoom * factor, MinZoom, MaxZoom);
        var middleX = (view.Width / 2 - diagram.Pan.X) / diagram.Zoom;
        var middleY = (view.Height / 2 - diagram.Pan.Y) / diagram.Zoom;
        diagram.SetZoom(zoom);
        diagram.SetPan(view.Width / 2 - middleX * zoom, view.Height / 2 - middleY * zoom);
    }

    /// <summary>Shows every node (the library fits only the selection when there is one), never magnified, never unreadable.</summary>
    public static void Fit(BlazorDiagram diagram)
    {
        // Our own bounds: a node added a moment ago may not be measured yet (no size), which made the library's
        // ZoomToFit aim at nothing under load. Unmeasured nodes count with a typical size.
        var nodes = diagram.Nodes.ToList();
        if (nodes.Count == 0 || diagram.Container is not { Width: > 0, Height: > 0 } view)
        {
            return;
        }
        var left = nodes.Min(n => n.Position.X);
        var top = nodes.Min(n => n.Position.Y);
        var right = nodes.Max(n => n.Position.X + Width(n));
        var bottom = nodes.Max(n => n.Position.Y + Height(n));
        var zoom = Math.Min(1, Math.Min((view.Width - 2 * Margin) / Math.Max(1, right - left), (view.Height - Margin - TopMargin) / Math.Max(1, bottom - top)));
        diagram.SetZoom(Math.Max(ReadableZoom, zoom));
        diagram.SetPan(Margin - left * diagram.Zoom, TopMargin - top * diagram.Zoom);
    }

    /// <summary>Pans (at the same zoom) so that the node is in view, when it is not.</summary>
    public static void Reveal(BlazorDiagram diagram, NodeModel node) => Reveal(diagram, [node]);

    /// <summary>Pans as little as needed to bring these nodes into view (the first of them, if they do not all fit).</summary>
    public static void Reveal(BlazorDiagram diagram, IReadOnlyList<NodeModel> nodes)
    {
        if (nodes.Count == 0 || diagram.Container is not { Width: > 0, Height: > 0 } view)
        {
            return;
        }
        var (left, top) = (nodes.Min(n => n.Position.X), nodes.Min(n => n.Position.Y));
        var (right, bottom) = (nodes.Max(n => n.Position.X + Width(n)), nodes.Max(n => n.Position.Y + Height(n)));
        var z = diagram.Zoom;
        if ((right - left) * z > view.Width - 2 * Margin || (bottom - top) * z > view.Height - 2 * Margin)
        {
            (left, top, right, bottom) = (nodes[0].Position.X, nodes[0].Position.Y, nodes[0].Position.X + Width(nodes[0]), nodes[0].Position.Y + Height(nodes[0]));
        }
        var (x, y, w, h) = (left * z + diagram.Pan.X, top * z + diagram.Pan.Y, (right - left) * z, (bottom - top) * z);
        var panX = x < Margin ? diagram.Pan.X + Margin - x : x + w > view.Width - Margin ? diagram.Pan.X - (x + w - view.Width + Margin) : diagram.Pan.X;
        var panY = y < Margin ? diagram.Pan.Y + Margin - y : y + h > view.Height - Margin ? diagram.Pan.Y - (y + h - view.Height + Margin) : diagram.Pan.Y;
        diagram.SetPan(panX, panY);
    }

    private static double Width(NodeModel n) => n.Size?.Width is > 0 and var w ? w : TypicalWidth;

    private static double Height(NodeModel n) => n.Size?.Height is > 0 and var h ? h : TypicalHeight;
}
