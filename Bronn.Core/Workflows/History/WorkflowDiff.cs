using System.Text.Json;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.History;

/// <summary>A node that is in both versions but differs: which of its fields changed, each as before -> after.</summary>
public sealed record NodeChange(string NodeId, string Label, IReadOnlyList<(string Field, string? Before, string? After)> Fields);

/// <summary>What changed from one version of a workflow to another: nodes added, removed and changed, connections added and removed.</summary>
public sealed record WorkflowDiff(
    IReadOnlyList<string> AddedNodes, IReadOnlyList<string> RemovedNodes, IReadOnlyList<NodeChange> ChangedNodes,
    IReadOnlyList<string> AddedEdges, IReadOnlyList<string> RemovedEdges, bool SettingsChanged, bool Renamed)
{
    public bool IsEmpty => AddedNodes.Count + RemovedNodes.Count + ChangedNodes.Count + AddedEdges.Count + RemovedEdges.Count == 0 && !SettingsChanged && !Renamed;

    /// <summary>Positions are left out: moving a node is not a change in what the workflow does.</summary>
    public static WorkflowDiff Between(WorkflowDefinition before, WorkflowDefinition after)
    {
        var a = (before.Nodes ?? []).Where(n => n.Id is not null).DistinctBy(n => n.Id).ToDictionary(n => n.Id!, StringComparer.Ordinal);
        var b = (after.Nodes ?? []).Where(n => n.Id is not null).DistinctBy(n => n.Id).ToDictionary(n => n.Id!, StringComparer.Ordinal);
        var changed = b.Values.Where(n => a.ContainsKey(n.Id!)).Select(n => Compare(a[n.Id!], n)).OfType<NodeChange>().ToList();
        var edgesBefore = (before.Edges ?? []).Select(e => EdgeText(e, a)).ToHashSet(StringComparer.Ordinal);
        var edgesAfter = (after.Edges ?? []).Select(e => EdgeText(e, b)).ToHashSet(StringComparer.Ordinal);
        return new(
            b.Values.Where(n => !a.ContainsKey(n.Id!)).Select(Label).ToList(),
            a.Values.Where(n => !b.ContainsKey(n.Id!)).Select(Label).ToList(),
            changed,
            edgesAfter.Except(edgesBefore).ToList(),
            edgesBefore.Except(edgesAfter).ToList(),
            Json(before.Settings) != Json(after.Settings),
            (before.Name ?? "") != (after.Name ?? ""));
    }

    private static NodeChange? Compare(NodeDefinition before, NodeDefinition after)
    {
        var fields = new List<(string, string?, string?)>();
        void Check(string field, string? x, string? y)
        {
            if (x != y)
            {
                fields.Add((field, x, y));
            }
        }
        Check("type", before.Type, after.Type);
        Check("name", before.Name, after.Name);
        foreach (var key in (before.Parameters?.Keys ?? Enumerable.Empty<string>()).Union(after.Parameters?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
        {
            if (!SameValue(before.Parameters, after.Parameters, key))
            {
                fields.Add((key, Value(before.Parameters, key), Value(after.Parameters, key)));
            }
        }
        Check("integration", before.Integration, after.Integration);
        Check("credential", before.Credential, after.Credential);
        Check("settings", Json(before.Settings), Json(after.Settings));
        return fields.Count == 0 ? null : new NodeChange(after.Id!, Label(after), fields);
    }

    /// <summary>Key order aside: a stored version comes back from jsonb with its keys reordered.</summary>
    private static bool SameValue(Dictionary<string, JsonElement>? a, Dictionary<string, JsonElement>? b, string key) =>
        a is not null && b is not null && a.TryGetValue(key, out var x) && b.TryGetValue(key, out var y)
            ? System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(x.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(y.GetRawText()))
            : (a?.ContainsKey(key) ?? false) == (b?.ContainsKey(key) ?? false) && !(a?.ContainsKey(key) ?? false);

    private static string? Value(Dictionary<string, JsonElement>? parameters, string key) =>
        parameters is not null && parameters.TryGetValue(key, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : JsonSerializer.Serialize(value) // compact: jsonb spaces it out
            : null;

    private static string? Json<T>(T? value) => value is null ? null : JsonSerializer.Serialize(value, WorkflowDefinition.Json);

    private static string Label(NodeDefinition node) => string.IsNullOrWhiteSpace(node.Name) ? $"{node.Id} ({node.Type})" : $"{node.Name} ({node.Id})";

    private static string EdgeText(EdgeDefinition edge, IReadOnlyDictionary<string, NodeDefinition> nodes) =>
        $"{Name(edge.From, nodes)}{(edge.FromPort is null ? "" : $" [{edge.FromPort}]")} → {Name(edge.To, nodes)}";

    private static string Name(string? id, IReadOnlyDictionary<string, NodeDefinition> nodes) =>
        id is not null && nodes.TryGetValue(id, out var node) && !string.IsNullOrWhiteSpace(node.Name) ? node.Name! : id ?? "?";
}
