using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Blazor.Diagrams.Core.Models.Base;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Web.Components.Builder;

/// <summary>Moves a workflow definition onto the canvas and back, and lays it out.</summary>
public static class WorkflowCanvas
{
    public const double ColumnWidth = 260;
    public const double RowHeight = 120;

    public static void Load(BlazorDiagram diagram, WorkflowDefinition definition, NodeCatalog catalog)
    {
        diagram.Batch(() =>
        {
            diagram.Links.Clear();
            diagram.Nodes.Clear();
            var nodes = new Dictionary<string, BuilderNode>(StringComparer.Ordinal);
            foreach (var node in definition.Nodes ?? [])
            {
                var model = new BuilderNode(node, catalog.Find(node.Type));
                nodes.TryAdd(model.Key, model);
                diagram.Nodes.Add(model);
            }
            foreach (var note in definition.Notes ?? [])
            {
                diagram.Nodes.Add(new Canvas.StickyNote(note));
            }
            foreach (var edge in definition.Edges ?? [])
            {
                if (edge.From is not null && edge.To is not null && nodes.TryGetValue(edge.From, out var from) && nodes.TryGetValue(edge.To, out var to)
                    && from.Outputs.FirstOrDefault(p => p.Name == (edge.FromPort ?? p.Name)) is { } source && to.Inputs.FirstOrDefault() is { } target)
                {
                    diagram.Links.Add(NewLink(source, target));
                }
            }
        });
    }

    public static LinkModel NewLink(BuilderPort source, BuilderPort target) =>
        new(new SinglePortAnchor(source), new SinglePortAnchor(target)) { TargetMarker = LinkMarker.Arrow };

    /// <param name="pins">Pinned data by node id; a deleted node's pins are left out.</param>
    public static WorkflowDefinition Read(BlazorDiagram diagram, string? name, WorkflowSettings? settings,
        IReadOnlyDictionary<string, List<System.Text.Json.JsonElement>>? pins = null)
    {
        var nodes = diagram.Nodes.OfType<BuilderNode>().Select(n => n.ToDefinition()).ToList();
        var kept = pins?.Where(p => nodes.Any(n => n.Id == p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new()
        {
            Name = name,
            Settings = settings,
            Nodes = nodes,
            Edges = diagram.Links.Select(Edge).OfType<EdgeDefinition>().ToList(),
            PinData = kept is { Count: > 0 } ? kept : null,
            Notes = diagram.Nodes.OfType<Canvas.StickyNote>().Select(n => n.ToDefinition()).ToList() is { Count: > 0 } notes ? notes : null,
        };
    }

    /// <summary>A link's output and input ports, whichever way it was drawn; null while it is still being dragged.</summary>
    private static (BuilderPort From, BuilderPort To)? Ends(BaseLinkModel link) =>
        (link.Source as SinglePortAnchor)?.Port is BuilderPort a && (link.Target as SinglePortAnchor)?.Port is BuilderPort b
            ? (a.IsInput ? (b, a) : (a, b))
            : null;

    /// <summary>
    /// Why a link just drawn cannot stay, or null: the same connection drawn twice (the ports refuse inputs to inputs
    /// and a node to itself already, see <see cref="BuilderPort.CanAttachTo"/>).
    /// </summary>
    public static string? Refusal(BlazorDiagram diagram, BaseLinkModel link) =>
        Ends(link) is var (from, to) && diagram.Links.Any(other => other != link && Ends(other) == (from, to))
            ? "These two are connected already."
            : null;

    private static EdgeDefinition? Edge(BaseLinkModel link)
    {
        if (Ends(link) is not var (from, to))
        {
            return null;
        }
        var defaultPort = from.Node.Descriptor?.Outputs.FirstOrDefault();
        return new EdgeDefinition(from.Node.Key, from.Name == defaultPort && from.Node.Outputs.Count() == 1 ? null : from.Name, to.Node.Key, null);
    }

    /// <summary>Puts a new trigger of this type where the current one is, with its outgoing connections, and removes the old one.</summary>
    public static BuilderNode ReplaceTrigger(BlazorDiagram diagram, BuilderNode current, NodeDescriptor descriptor)
    {
        var replacement = new BuilderNode(new NodeDefinition
        {
            Id = NewKey(diagram, descriptor.Type), Type = descriptor.Type, Position = new NodePosition(current.Position.X, current.Position.Y),
        }, descriptor);
        var targets = diagram.Links.Select(Ends).OfType<(BuilderPort From, BuilderPort To)>().Where(l => l.From.Node == current).Select(l => l.To).ToList();
        diagram.Batch(() =>
        {
            diagram.Nodes.Add(replacement);
            if (replacement.Outputs.FirstOrDefault() is BuilderPort output)
            {
                foreach (var target in targets)
                {
                    diagram.Links.Add(NewLink(output, target));
                }
            }
            diagram.Nodes.Remove(current);
        });
        diagram.SelectModel(replacement, unselectOthers: true);
        return replacement;
    }

    /// <summary>Left to right in layers (see <see cref="LayeredLayout"/>).</summary>
    public static void AutoLayout(BlazorDiagram diagram)
    {
        var nodes = diagram.Nodes.OfType<BuilderNode>().ToList();
        var links = diagram.Links.Select(Ends).OfType<(BuilderPort From, BuilderPort To)>().Select(l =>
            new LayeredLayout.Link(l.From.Node.Key, Math.Max(0, l.From.Node.OrderedOutputs().FindIndex(p => p.Name == l.From.Name)), l.To.Node.Key)).ToList();
        var places = LayeredLayout.Arrange(nodes.Select(n => new LayeredLayout.Node(n.Key, n.Position.Y)).ToList(), links);
        diagram.Batch(() =>
        {
            foreach (var node in nodes)
            {
                var (column, row) = places[node.Key];
                node.SetPosition(60 + column * ColumnWidth, 60 + row * RowHeight);
            }
        });
    }

    /// <summary>A free spot for a node added by clicking in the palette: right of everything, level with the trigger.</summary>
    public static Point NextFreeSpot(BlazorDiagram diagram) =>
        diagram.Nodes.Count == 0 ? new Point(60, 60) : new Point(diagram.Nodes.Max(n => n.Position.X) + ColumnWidth, diagram.Nodes.Min(n => n.Position.Y));

    public static string NewKey(BlazorDiagram diagram, string type, IReadOnlySet<string>? alsoTaken = null)
    {
        var stem = new string(type.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        var taken = diagram.Nodes.OfType<BuilderNode>().Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        taken.UnionWith(alsoTaken ?? new HashSet<string>());
        var i = 1;
        while (taken.Contains($"{stem}_{i}"))
        {
            i++;
        }
        return $"{stem}_{i}";
    }
}
