using System.Text.Json;
using Bronn.Core.Execution.Data;
using Bronn.Core.Execution.Scheduling;

namespace Bronn.Core.Execution;

/// <summary>
/// What a run has recorded so far, as the drivers read it: settled steps by node, failed attempts by key, each node's
/// items (parsed once), and the outcomes the scheduler decides from.
/// </summary>
public sealed class RunRecord
{
    private readonly Dictionary<string, List<ExecutionStep>> settled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> failedAttempts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<PortItem>> items = new(StringComparer.Ordinal);

    public RunRecord(IEnumerable<ExecutionStep> steps)
    {
        foreach (var step in steps)
        {
            Add(step);
        }
    }

    public void Add(ExecutionStep step)
    {
        if (step.Status == StepStatus.Failed)
        {
            failedAttempts[step.Key] = failedAttempts.GetValueOrDefault(step.Key) + 1;
            return;
        }
        if (!settled.TryGetValue(step.NodeId, out var list))
        {
            settled[step.NodeId] = list = [];
        }
        list.Add(step);
        items.Remove(step.NodeId);
        StoredBytes += (step.Items ?? step.Output)?.Length ?? 0;
    }

    /// <summary>How much output the settled steps hold (Engine:MaxExecutionBytes counts it).</summary>
    public long StoredBytes { get; private set; }

    /// <summary>When the last of these nodes settled: when a node fed by them became ready.</summary>
    public DateTimeOffset FinishedAt(IEnumerable<string> nodeIds) =>
        nodeIds.SelectMany(id => settled.TryGetValue(id, out var list) ? list : []).Select(s => s.FinishedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();

    public int Attempt(string key) => failedAttempts.GetValueOrDefault(key) + 1;

    public ExecutionStep? Step(string key, string nodeId) =>
        settled.TryGetValue(nodeId, out var list) ? list.FirstOrDefault(s => s.Key == key) : null;

    public IReadOnlyList<PortItem> ItemsOf(string nodeId)
    {
        if (!items.TryGetValue(nodeId, out var found))
        {
            items[nodeId] = found = settled.TryGetValue(nodeId, out var list) ? ActivationItems.OfNode(list) : [];
        }
        return found;
    }

    /// <summary>The first item of every node that emitted one: steps.&lt;id&gt;.output.</summary>
    public Dictionary<string, JsonElement> Outputs(Func<string, bool> visible) => settled.Keys.Where(visible).Select(id => (id, ItemsOf(id))).Where(n => n.Item2.Count > 0)
        .ToDictionary(n => n.id, n => n.Item2[0].Json, StringComparer.Ordinal);

    /// <summary>Every item of the nodes that emitted other than one: steps.&lt;id&gt;.items.</summary>
    public Dictionary<string, IReadOnlyList<JsonElement>> AllItems(Func<string, bool> visible) => settled.Keys.Where(visible).Select(id => (id, ItemsOf(id))).Where(n => n.Item2.Count != 1)
        .ToDictionary(n => n.id, n => (IReadOnlyList<JsonElement>)n.Item2.Select(i => i.Json).ToList(), StringComparer.Ordinal);

    /// <summary>
    /// The outcomes of settled activations (a node#0 step: one per activation, or the skip). Per-item steps alone do not
    /// settle a node: it is offered again and completes from the items it already has.
    /// </summary>
    public Dictionary<string, NodeOutcome> Outcomes() => settled.Values
        .Select(list => list.FirstOrDefault(s => s.Key == Scheduler.KeyOf(s.NodeId)))
        .OfType<ExecutionStep>()
        .ToDictionary(s => s.NodeId, s => s.Status == StepStatus.Skipped
            ? NodeOutcome.Skipped(s.NodeId)
            : NodeOutcome.Succeeded(s.NodeId, ActivationItems.Counts(ItemsOf(s.NodeId))), StringComparer.Ordinal);
}
