using System.Text.Json;
using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Scheduling;

namespace Bronn.Core.Execution;

/// <summary>Items as step records hold them, and the items an activation receives from the steps before it.</summary>
public static class ActivationItems
{
    /// <summary>Every item a step emitted, with its port (none for a skipped or failed step).</summary>
    public static IReadOnlyList<PortItem> Of(ExecutionStep step)
    {
        if (step.Status != StepStatus.Succeeded)
        {
            return [];
        }
        if (step.Items is { } items)
        {
            return JsonSerializer.Deserialize<List<StoredItem>>(items)!.ConvertAll(i => new PortItem(i.Port, i.Json));
        }
        return step.Output is null ? [] : [new PortItem(step.Port ?? "main", JsonDocument.Parse(step.Output).RootElement)];
    }

    /// <summary>What to store in <see cref="ExecutionStep.Items"/>: null when the step emitted exactly one item.</summary>
    public static string? ToStored(IReadOnlyList<PortItem> items) =>
        items.Count == 1 ? null : JsonSerializer.Serialize(items.Select(i => new StoredItem(i.Port, i.Json)));

    /// <summary>A node's items: its one activation step, or its per-item steps in item order.</summary>
    public static IReadOnlyList<PortItem> OfNode(IEnumerable<ExecutionStep> nodeSteps) =>
        nodeSteps.Where(s => s.Status == StepStatus.Succeeded).OrderBy(s => ItemIndex(s.Key)).SelectMany(Of).ToList();

    /// <summary>The items that reach a node from the nodes before it, in edge order (as the scheduler counts them).</summary>
    public static List<JsonElement> Inputs(ExecutionPlan plan, string nodeId, Func<string, IReadOnlyList<PortItem>> itemsOf) =>
        InputsByEdge(plan, nodeId, itemsOf).SelectMany(i => i).ToList();

    /// <summary>The same items, one list per incoming edge (merge combines item i of each).</summary>
    public static List<IReadOnlyList<JsonElement>> InputsByEdge(ExecutionPlan plan, string nodeId, Func<string, IReadOnlyList<PortItem>> itemsOf) =>
        plan.Incoming[nodeId].Select(edge => (IReadOnlyList<JsonElement>)itemsOf(edge.From).Where(i => i.Port == edge.FromPort).Select(i => i.Json).ToList()).ToList();

    /// <summary>The size of the items as stored (what the output limits count).</summary>
    public static long Bytes(IEnumerable<PortItem> items) => items.Sum(i => (long)i.Json.GetRawText().Length);

    public static Dictionary<string, int> Counts(IEnumerable<PortItem> items) =>
        items.GroupBy(i => i.Port).ToDictionary(g => g.Key, g => g.Count());

    private static int ItemIndex(string key) => key.LastIndexOf('/') is var slash and >= 0 && int.TryParse(key[(slash + 1)..], out var index) ? index : -1;

    private sealed record StoredItem(
        [property: System.Text.Json.Serialization.JsonPropertyName("port")] string Port,
        [property: System.Text.Json.Serialization.JsonPropertyName("json")] JsonElement Json);
}
