using System.Text.Json;
using System.Text.RegularExpressions;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Web.Components.Builder.Canvas;

/// <summary>
/// Nodes on the clipboard: the selection with the connections among them and its sticky notes, as the JSON a
/// workflow export uses ({"nodes": [...], "edges": [...], "notes": [...]}). So a paste also takes a whole export, a definition, or one node's JSON.
/// </summary>
public static partial class ClipboardNodes
{
    public static string Write(IReadOnlyCollection<NodeDefinition> nodes, IEnumerable<EdgeDefinition> edges, IReadOnlyCollection<NoteDefinition> notes) =>
        Selection(nodes, edges, notes).ToJson();

    /// <summary>The nodes, the connections among them and the notes, as a definition to paste.</summary>
    public static WorkflowDefinition Selection(IReadOnlyCollection<NodeDefinition> nodes, IEnumerable<EdgeDefinition> edges, IReadOnlyCollection<NoteDefinition> notes)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        return new WorkflowDefinition
        {
            Nodes = nodes.ToList(),
            Edges = edges.Where(e => ids.Contains(e.From) && ids.Contains(e.To)).ToList(),
            Notes = notes.Count > 0 ? notes.ToList() : null,
        };
    }

    /// <summary>
    /// The nodes in pasted text: null when the text is no JSON at all (text meant for somewhere else); otherwise the
    /// nodes and edges, or a problem a person can act on.
    /// </summary>
    public static (WorkflowDefinition? Content, string? Problem)? Read(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '['))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            var root = document.RootElement;
            var content = root.ValueKind switch
            {
                JsonValueKind.Array => new WorkflowDefinition { Nodes = root.Deserialize<List<NodeDefinition>>(WorkflowDefinition.Json) },
                JsonValueKind.Object when root.TryGetProperty("nodes", out _) || root.TryGetProperty("notes", out _) => root.Deserialize<WorkflowDefinition>(WorkflowDefinition.Json),
                JsonValueKind.Object when root.TryGetProperty("type", out _) => new WorkflowDefinition { Nodes = [root.Deserialize<NodeDefinition>(WorkflowDefinition.Json)!] },
                _ => null,
            };
            var nodes = content?.Nodes ?? [];
            var notes = content?.Notes ?? [];
            if (content is null || (nodes.Count == 0 && notes.Count == 0) || nodes.Any(n => string.IsNullOrWhiteSpace(n?.Type)) || notes.Any(n => n is null))
            {
                return (null, "The clipboard holds JSON, but no nodes: copy nodes in a workflow, or paste an export or a node's JSON ({\"type\": ...}).");
            }
            return (content with { Nodes = nodes }, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The clipboard holds no nodes Bronn can read ({ex.Message}).");
        }
    }

    /// <summary>A pasted node's parameters with expressions that named a renamed node (steps.old) naming its new id.</summary>
    public static Dictionary<string, JsonElement>? Renamed(Dictionary<string, JsonElement>? parameters, IReadOnlyDictionary<string, string> renames)
    {
        if (parameters is null || renames.Count == 0)
        {
            return parameters;
        }
        return parameters.ToDictionary(p => p.Key, p =>
        {
            var json = p.Value.GetRawText();
            var renamed = StepReference().Replace(json, m => renames.TryGetValue(m.Groups[1].Value, out var to) ? $"steps.{to}" : m.Value);
            return renamed == json ? p.Value : JsonDocument.Parse(renamed).RootElement.Clone();
        });
    }

    [GeneratedRegex(@"steps\.([A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial Regex StepReference();
}
