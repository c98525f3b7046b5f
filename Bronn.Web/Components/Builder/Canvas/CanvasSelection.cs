using Blazor.Diagrams.Core;
using Blazor.Diagrams.Core.Behaviors;
using Blazor.Diagrams.Core.Events;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;

namespace Bronn.Web.Components.Builder.Canvas;

/// <summary>
/// Selecting on the canvas as in every editor: a click selects one thing; Shift- or Ctrl-click adds a node to the
/// selection or takes it out; Shift-drag on empty canvas draws a box that selects the nodes it touches (a plain drag
/// pans). Replaces the library's selection, which knows Ctrl only and has no box.
/// </summary>
public sealed class CanvasSelection : Behavior
{
    private Point? boxStart;
    private HashSet<NodeModel> before = [];
    private (SelectableModel Item, double X, double Y)? clicked;

    public CanvasSelection(Diagram diagram) : base(diagram)
    {
        Diagram.PointerDown += OnPointerDown;
        Diagram.PointerMove += OnPointerMove;
        Diagram.PointerUp += OnPointerUp;
    }

    /// <summary>The box being drawn, in canvas pixels (relative to the canvas's top-left), or null.</summary>
    public Rectangle? Box { get; private set; }

    public event Action? BoxChanged;

    public static CanvasSelection Install(Diagram diagram)
    {
        diagram.UnregisterBehavior<SelectionBehavior>();
        var selection = new CanvasSelection(diagram);
        diagram.RegisterBehavior(selection);
        return selection;
    }

    private void OnPointerDown(Model? model, PointerEventArgs e)
    {
        var adding = e.ShiftKey || e.CtrlKey;
        switch (model)
        {
            case null when e.ShiftKey && e.Button == 0:
                boxStart = new Point(e.ClientX, e.ClientY);
                before = Diagram.Nodes.Where(n => n.Selected).ToHashSet();
                break;
            case null:
                Diagram.UnselectAll();
                break;
            case SelectableModel item when adding && item.Selected:
                Diagram.UnselectModel(item);
                break;
            case SelectableModel item when !item.Selected:
                Diagram.SelectModel(item, unselectOthers: !adding);
                break;
            case SelectableModel item when Diagram.GetSelectedModels().Skip(1).Any():
                // One of several selected: a drag moves them all, a plain click (see OnPointerUp) keeps only this one.
                clicked = (item, e.ClientX, e.ClientY);
                break;
        }
    }

    private void OnPointerMove(Model? model, PointerEventArgs e)
    {
        if (boxStart is null)
        {
            return;
        }
        var a = Diagram.GetRelativePoint(boxStart.X, boxStart.Y);
        var b = Diagram.GetRelativePoint(e.ClientX, e.ClientY);
        Box = new Rectangle(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Max(a.X, b.X), Math.Max(a.Y, b.Y));
        var from = Diagram.GetRelativeMousePoint(boxStart.X, boxStart.Y);
        var to = Diagram.GetRelativeMousePoint(e.ClientX, e.ClientY);
        var area = new Rectangle(Math.Min(from.X, to.X), Math.Min(from.Y, to.Y), Math.Max(from.X, to.X), Math.Max(from.Y, to.Y));
        Diagram.Batch(() =>
        {
            foreach (var node in Diagram.Nodes)
            {
                var inside = node.GetBounds() is { } bounds && area.Overlap(bounds);
                if ((inside || before.Contains(node)) && !node.Selected)
                {
                    Diagram.SelectModel(node, unselectOthers: false);
                }
                else if (!inside && !before.Contains(node) && node.Selected)
                {
                    Diagram.UnselectModel(node);
                }
            }
        });
        BoxChanged?.Invoke();
    }

    private void OnPointerUp(Model? model, PointerEventArgs e)
    {
        if (clicked is var (item, x, y) && Math.Abs(e.ClientX - x) < 3 && Math.Abs(e.ClientY - y) < 3)
        {
            Diagram.Batch(() =>
            {
                Diagram.UnselectAll(); // selecting a selected model is a no-op in the library
                Diagram.SelectModel(item, unselectOthers: true);
            });
        }
        clicked = null;
        if (boxStart is null)
        {
            return;
        }
        boxStart = null;
        Box = null;
        before = [];
        BoxChanged?.Invoke();
    }

    public override void Dispose()
    {
        Diagram.PointerDown -= OnPointerDown;
        Diagram.PointerMove -= OnPointerMove;
        Diagram.PointerUp -= OnPointerUp;
    }
}
