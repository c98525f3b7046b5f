using Blazor.Diagrams.Core.Geometry;
using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Components.Builder.Canvas;
using Microsoft.JSInterop;
using MudBlazor;

namespace Bronn.Web.Components.Builder;

/// <summary>Editing several nodes at once: select all, move by keys, copy, paste (also from another workflow), duplicate, delete.</summary>
public partial class WorkflowBuilder
{
    private const double PasteOffset = 40;
    private int selectedCount;

    private List<BuilderNode> SelectedNodes() => diagram.GetSelectedModels().OfType<BuilderNode>().ToList();

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

    /// <summary>Keeps the selection's JSON in the page, where the browser's copy event takes it (no clipboard permission needed).</summary>
    private async Task OfferSelectionToClipboardAsync()
    {
        if (self is null)
        {
            return;
        }
        var nodes = SelectedNodes();
        var json = nodes.Count == 0 ? null : ClipboardNodes.Write(nodes.Select(n => n.ToDefinition()).ToList(), Current().Edges ?? []);
        try
        {
            await JS.InvokeVoidAsync("bronnBuilder.offer", json);
        }
        catch (JSDisconnectedException)
        {
            // The page is gone.
        }
    }

    [JSInvokable]
    public Task PasteAsync(string text) => InvokeAsync(async () =>
    {
        if (ClipboardNodes.Read(text) is not var (content, problem))
        {
            return;
        }
        if (content is null)
        {
            Say(problem!, Severity.Warning);
        }
        else
        {
            Paste(content, nearOriginals: content.Nodes!.Any(n => diagram.Nodes.OfType<BuilderNode>().Any(d => d.Key == n.Id)));
            await Changed();
        }
        StateHasChanged();
    });

    private Task DuplicateAsync()
    {
        var nodes = SelectedNodes();
        if (nodes.Count == 0)
        {
            return Task.CompletedTask;
        }
        var ids = nodes.Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        Paste(new WorkflowDefinition
        {
            Nodes = nodes.Select(n => n.ToDefinition()).ToList(),
            Edges = (Current().Edges ?? []).Where(e => ids.Contains(e.From!) && ids.Contains(e.To!)).ToList(),
        }, nearOriginals: true, verb: "Duplicated");
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

    /// <summary>A note near the view's top-left, selected; a double-click writes in it.</summary>
    private Task AddNoteAsync()
    {
        var (x, y) = ((80 - diagram.Pan.X) / diagram.Zoom, (80 - diagram.Pan.Y) / diagram.Zoom);
        var taken = diagram.Nodes.OfType<StickyNote>().Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        var number = Enumerable.Range(1, taken.Count + 1).First(i => !taken.Contains($"note_{i}"));
        var note = new StickyNote(new NoteDefinition($"note_{number}", "", new NodePosition(x, y)));
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

    /// <summary>
    /// Adds the nodes with their connections: new ids where theirs are taken (expressions among them follow), a second
    /// trigger left out, next to the originals or else in view; the pasted nodes end up selected.
    /// </summary>
    private void Paste(WorkflowDefinition content, bool nearOriginals, string verb = "Pasted")
    {
        var unknown = content.Nodes!.Where(n => Catalog.Find(n.Type!) is null).Select(n => n.Type).Distinct().ToList();
        if (unknown.Count > 0)
        {
            Say($"Nothing was pasted: Bronn has no node type {string.Join(", ", unknown.Select(t => $"'{t}'"))}.", Severity.Warning);
            return;
        }
        var nodes = content.Nodes!;
        var skipped = HasTrigger ? nodes.Where(n => Catalog.Find(n.Type!)!.IsTrigger).ToList() : nodes.Where(n => Catalog.Find(n.Type!)!.IsTrigger).Skip(1).ToList();
        nodes = nodes.Except(skipped).ToList();
        var (dx, dy) = Offset(nodes, nearOriginals);
        var taken = diagram.Nodes.OfType<BuilderNode>().Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal); // pasted id -> id here
        var ids = new List<string>();
        foreach (var node in nodes)
        {
            var id = node.Id is { Length: > 0 } original && !taken.Contains(original) ? original : WorkflowCanvas.NewKey(diagram, node.Type!, taken);
            taken.Add(id);
            ids.Add(id);
            if (node.Id is { Length: > 0 })
            {
                renames[node.Id] = id;
            }
        }
        var changedIds = renames.Where(r => r.Key != r.Value).ToDictionary(StringComparer.Ordinal);
        var added = new Dictionary<string, BuilderNode>(StringComparer.Ordinal); // by pasted id
        diagram.Batch(() =>
        {
            diagram.UnselectAll();
            for (var i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                var at = node.Position ?? new NodePosition(i * WorkflowCanvas.ColumnWidth, 0);
                var model = new BuilderNode(node with
                {
                    Id = ids[i], Parameters = ClipboardNodes.Renamed(node.Parameters, changedIds), Position = new NodePosition(at.X + dx, at.Y + dy),
                }, Catalog.Find(node.Type!));
                added.TryAdd(node.Id ?? ids[i], model);
                diagram.Nodes.Add(model);
                diagram.SelectModel(model, unselectOthers: false);
            }
            foreach (var edge in content.Edges ?? [])
            {
                if (edge.From is { } from && edge.To is { } to && added.TryGetValue(from, out var source) && added.TryGetValue(to, out var target)
                    && source.Outputs.FirstOrDefault(p => p.Name == (edge.FromPort ?? p.Name)) is { } output && target.Inputs.FirstOrDefault() is { } input)
                {
                    diagram.Links.Add(WorkflowCanvas.NewLink(output, input));
                }
            }
        });
        ApplyConnections();
        Say(skipped.Count > 0
            ? $"{verb} {added.Count} node(s). A workflow has one trigger, so {string.Join(", ", skipped.Select(n => n.Name ?? n.Type))} was left out."
            : $"{verb} {added.Count} node(s).", skipped.Count > 0 ? Severity.Warning : Severity.Success);
        if (added.Count > 0)
        {
            CanvasView.Reveal(diagram, added.Values.ToList<Blazor.Diagrams.Core.Models.NodeModel>());
        }
    }

    /// <summary>
    /// Next to the originals (a duplicate, or a paste into the same workflow), else where the palette puts a node: right
    /// of everything on the canvas, level with its top (the view then follows), so nothing lands on what is there.
    /// </summary>
    private (double X, double Y) Offset(List<NodeDefinition> nodes, bool nearOriginals)
    {
        var positioned = nodes.Where(n => n.Position is not null).ToList();
        if (nearOriginals || positioned.Count == 0)
        {
            return nearOriginals ? (PasteOffset, PasteOffset) : (0, 0);
        }
        var spot = WorkflowCanvas.NextFreeSpot(diagram);
        return (spot.X - positioned.Min(n => n.Position!.X), spot.Y - positioned.Min(n => n.Position!.Y));
    }
}
