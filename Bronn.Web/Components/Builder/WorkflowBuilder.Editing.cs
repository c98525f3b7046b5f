using Blazor.Diagrams.Core.Geometry;
using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Components.Builder.Canvas;

namespace Bronn.Web.Components.Builder;

/// <summary>Editing several nodes at once: select all, move by keys, disable, delete; and adding sticky notes.</summary>
public partial class WorkflowBuilder
{
    private int selectedCount;

    private List<BuilderNode> SelectedNodes() => diagram.GetSelectedModels().OfType<BuilderNode>().ToList();

    private List<StickyNote> SelectedNotes() => diagram.GetSelectedModels().OfType<StickyNote>().ToList();

    private List<Blazor.Diagrams.Core.Models.NodeModel> SelectedItems() => diagram.GetSelectedModels().OfType<Blazor.Diagrams.Core.Models.NodeModel>().ToList();

    private void SelectAll()
    {
        diagram.Batch(() =>
        {
            foreach (var node in diagram.Nodes)
            {
                diagram.SelectModel(node, unselectOthers: false);
            }
        });
    }

    /// <summary>Arrow keys: 10 px a press, 50 with Shift ("left", "right-far"...).</summary>
    private Task MoveSelectionAsync(string direction)
    {
        var step = direction.EndsWith("-far", StringComparison.Ordinal) ? 50 : 10;
        var (dx, dy) = direction.Split('-')[0] switch
        {
            "left" => (-step, 0), "right" => (step, 0), "up" => (0, -step), "down" => (0, step), _ => (0, 0),
        };
        var nodes = SelectedItems();
        if (nodes.Count == 0 || (dx, dy) == (0, 0))
        {
            return Task.CompletedTask;
        }
        diagram.Batch(() => nodes.ForEach(n => n.SetPosition(n.Position.X + dx, n.Position.Y + dy)));
        return Changed();
    }

    /// <summary>D: disables the selected nodes (triggers excepted), or enables them when all of them are disabled.</summary>
    private Task ToggleDisabledAsync()
    {
        var nodes = SelectedNodes().Where(n => n.Descriptor is { IsTrigger: false }).ToList();
        if (nodes.Count == 0)
        {
            return Task.CompletedTask;
        }
        var disable = nodes.Any(n => n.Settings?.Disabled != true);
        foreach (var node in nodes)
        {
            var settings = (node.Settings ?? new NodeSettings(null)) with { Disabled = disable ? true : null };
            node.Settings = settings is { Retry: null, OnError: null, Disabled: null, Timeout: null } ? null : settings;
            node.Refresh();
        }
        return Changed();
    }

    /// <summary>A note where asked, else near the view's top-left, selected; a double-click writes in it.</summary>
    private Task AddNoteAsync(Point? at = null)
    {
        var (x, y) = at is { } point ? (point.X, point.Y) : ((80 - diagram.Pan.X) / diagram.Zoom, (80 - diagram.Pan.Y) / diagram.Zoom);
        var note = new StickyNote(new NoteDefinition(StickyNote.NewKey(diagram.Nodes.OfType<StickyNote>().Select(n => n.Key).ToHashSet()), "", new NodePosition(x, y)));
        diagram.Nodes.Add(note);
        diagram.SelectModel(note, unselectOthers: true);
        return Changed();
    }

    private Task DeleteSelectionAsync()
    {
        var nodes = SelectedItems();
        diagram.Batch(() => nodes.ForEach(n => diagram.Nodes.Remove(n)));
        return Changed();
    }
}
