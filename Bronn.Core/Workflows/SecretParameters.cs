using System.Text.Json;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows;

/// <summary>
/// Parameters whose descriptor says Secret (a webhook's secret) are write-only: whatever shows or exports a definition
/// (API, builder, export file) sees <see cref="Mask"/> instead of the value, and a save that sends the mask back keeps
/// the stored value. An imported definition carries only the mask, which the validator refuses until it is set again.
/// </summary>
public sealed class SecretParameters(NodeCatalog catalog)
{
    public const string Mask = "••••••••";

    public WorkflowDefinition Hide(WorkflowDefinition definition) => Map(definition, (_, _, value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } ? Masked : value);

    /// <summary>The incoming definition, with every masked secret replaced by the stored value of the same node.</summary>
    public WorkflowDefinition Keep(WorkflowDefinition incoming, WorkflowDefinition stored)
    {
        var previous = (stored.Nodes ?? []).Where(n => n.Id is not null).GroupBy(n => n.Id!).ToDictionary(g => g.Key, g => g.First());
        return Map(incoming, (node, name, value) => IsMask(value) && previous.TryGetValue(node.Id ?? "", out var old) && old.Type == node.Type
            && old.Parameter(name) is { } kept ? kept : value);
    }

    public static bool IsMask(JsonElement value) => value.ValueKind == JsonValueKind.String && value.GetString() == Mask;

    private static readonly JsonElement Masked = JsonSerializer.SerializeToElement(Mask);

    private WorkflowDefinition Map(WorkflowDefinition definition, Func<NodeDefinition, string, JsonElement, JsonElement> change) => definition with
    {
        Nodes = definition.Nodes?.ConvertAll(node =>
        {
            var secrets = catalog.Find(node.Type ?? "")?.Parameters.Where(p => p.Secret).Select(p => p.Name).ToList();
            if (secrets is not { Count: > 0 } || node.Parameters is null || !secrets.Any(node.Parameters.ContainsKey))
            {
                return node;
            }
            var parameters = new Dictionary<string, JsonElement>(node.Parameters);
            foreach (var name in secrets.Where(parameters.ContainsKey))
            {
                parameters[name] = change(node, name, parameters[name]);
            }
            return node with { Parameters = parameters };
        }),
    };
}
