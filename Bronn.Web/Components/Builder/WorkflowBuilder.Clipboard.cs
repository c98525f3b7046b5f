using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Bronn.Core.Workflows.Definitions;
using Bronn.Web.Components.Builder.Canvas;
using Microsoft.JSInterop;
using MudBlazor;

namespace Bronn.Web.Components.Builder;

/// <summary>Copy, paste (also from another workflow or an export) and duplicate of nodes, their connections and notes.</summary>
public partial class WorkflowBuilder
{
    private const double PasteOffset = 40;

    private WorkflowDefinition SelectionContent() => ClipboardNodes.Selection(
        SelectedNodes().Select(n => n.ToDefinition()).ToList(), Current().Edges ?? [], SelectedNotes().Select(n => n.ToDefinition()).ToList());

    /// <summary>Keeps the selection's JSON in the page, where the browser's copy event takes it (no clipboard permission needed).</summary>
    private async Task OfferSelectionToClipboardAsync()
    {
        if (self is null)
        {
            return;
        }
        var content = SelectionContent();
        var json = content.Nodes!.Count == 0 && content.Notes is null ? null : content.ToJson();
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
    public Task PasteAsync(string text) => InvokeAsync(() => PasteTextAsync(text, at: null));

    /// <param name="at">Where the content's top left goes (the menu's Paste here); else next to the originals or in view.</param>
    private async Task PasteTextAsync(string text, Point? at)
    {
        if (ClipboardNodes.Read(text) is not var (content, problem))
        {
            if (at is not null)
            {
                Say("The clipboard holds no Bronn nodes: copy nodes here or in another workflow, or an export's JSON.", Severity.Warning);
            }
        }
        else if (content is null)
        {
            Say(problem!, Severity.Warning);
        }
        else
        {
            var here = diagram.Nodes.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
            var nearOriginals = content.Nodes!.Any(n => here.Contains(n.Id!)) || (content.Notes ?? []).Any(n => here.Contains(n.Id!));
            Paste(content, nearOriginals, at: at);
            await Changed();
        }
        StateHasChanged();
    }

    private Task DuplicateAsync()
    {
        var content = SelectionContent();
        if (content.Nodes!.Count == 0 && content.Notes is null)
        {
            return Task.CompletedTask;
        }
        Paste(content, nearOriginals: true, verb: "Duplicated");
        return Changed();
    }

    /// <summary>
    /// Adds the nodes with their connections and the notes: new ids where theirs are taken (expressions among them
    /// follow), a second trigger left out, next to the originals or else in view; what was pasted ends up selected.
    /// </summary>
    private void Paste(WorkflowDefinition content, bool nearOriginals, string verb = "Pasted", Point? at = null)
    {
        var unknown = content.Nodes!.Where(n => Catalog.Find(n.Type!) is null).Select(n => n.Type).Distinct().ToList();
        if (unknown.Count > 0)
        {
            Say($"Nothing was pasted: Bronn has no node type {string.Join(", ", unknown.Select(t => $"'{t}'"))}.", Severity.Warning);
            return;
        }
        var notes = content.Notes ?? [];
        if (StickyNotes.Problem([.. diagram.Nodes.OfType<StickyNote>().Select(n => n.ToDefinition()), .. notes]) is { } noteProblem)
        {
            Say($"Nothing was pasted: {noteProblem}", Severity.Warning);
            return;
        }
        var nodes = content.Nodes!;
        var skipped = HasTrigger ? nodes.Where(n => Catalog.Find(n.Type!)!.IsTrigger).ToList() : nodes.Where(n => Catalog.Find(n.Type!)!.IsTrigger).Skip(1).ToList();
        nodes = nodes.Except(skipped).ToList();
        var (dx, dy) = Offset([.. nodes.Select(n => n.Position), .. notes.Select(n => n.Position)], nearOriginals, at);
        var ids = NewIds(nodes);
        var changedIds = nodes.Select((n, i) => (From: n.Id, To: ids[i])).Where(r => r.From is { Length: > 0 } && r.From != r.To)
            .ToDictionary(r => r.From!, r => r.To, StringComparer.Ordinal);
        var added = new Dictionary<string, BuilderNode>(StringComparer.Ordinal); // by pasted id
        var pasted = new List<NodeModel>();
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
                pasted.Add(model);
            }
            var noteIds = diagram.Nodes.OfType<StickyNote>().Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var note in notes)
            {
                var id = note.Id is { Length: > 0 } original && !noteIds.Contains(original) ? original : StickyNote.NewKey(noteIds);
                noteIds.Add(id);
                var at = note.Position ?? new NodePosition(0, 0);
                pasted.Add(new StickyNote(note with { Id = id, Position = new NodePosition(at.X + dx, at.Y + dy) }));
            }
            foreach (var model in pasted)
            {
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
        var what = Describe(added.Count, notes.Count);
        Say(skipped.Count > 0
            ? $"{verb} {what}. A workflow has one trigger, so {string.Join(", ", skipped.Select(n => n.Name ?? n.Type))} was left out."
            : $"{verb} {what}.", skipped.Count > 0 ? Severity.Warning : Severity.Success);
        if (pasted.Count > 0)
        {
            CanvasView.Reveal(diagram, pasted);
        }
    }

    /// <summary>The pasted nodes' ids here: their own where free, else a new one of their type.</summary>
    private List<string> NewIds(List<NodeDefinition> nodes)
    {
        var taken = diagram.Nodes.OfType<BuilderNode>().Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        return nodes.Select(node =>
        {
            var id = node.Id is { Length: > 0 } original && !taken.Contains(original) ? original : WorkflowCanvas.NewKey(diagram, node.Type!, taken);
            taken.Add(id);
            return id;
        }).ToList();
    }

    /// <summary>
    /// At the point given (the menu's Paste here); next to the originals (a duplicate, or a paste into the same
    /// workflow); else where the palette puts a node: right of everything on the canvas, level with its top (the view
    /// then follows), so nothing lands on what is there.
    /// </summary>
    private (double X, double Y) Offset(List<NodePosition?> positions, bool nearOriginals, Point? at)
    {
        var known = positions.OfType<NodePosition>().ToList();
        if (at is not null)
        {
            return known.Count == 0 ? (at.X, at.Y) : (at.X - known.Min(p => p.X), at.Y - known.Min(p => p.Y));
        }
        if (nearOriginals || known.Count == 0)
        {
            return nearOriginals ? (PasteOffset, PasteOffset) : (0, 0);
        }
        var spot = WorkflowCanvas.NextFreeSpot(diagram);
        return (spot.X - known.Min(p => p.X), spot.Y - known.Min(p => p.Y));
    }

    private static string? KeyOf(NodeModel model) => model switch
    {
        BuilderNode node => node.Key,
        StickyNote note => note.Key,
        _ => null,
    };
}
