using System.Text.Json;
using Bronn.Core.Execution.Testing;

namespace Bronn.Web.Components.Builder;

/// <summary>Pinned data: items a node emits in runs from the builder instead of running (saved with the draft, never published).</summary>
public partial class WorkflowBuilder
{
    private Dictionary<string, List<JsonElement>> pins = new(StringComparer.Ordinal);

    private void ApplyPins()
    {
        foreach (var node in diagram.Nodes.OfType<BuilderNode>())
        {
            node.PinnedItems = pins.TryGetValue(node.Key, out var items) ? items.Count : null;
            node.Refresh();
        }
    }

    /// <param name="items">The items to pin, or null to unpin.</param>
    private Task PinAsync(BuilderNode node, List<JsonElement>? items)
    {
        if (items is null)
        {
            pins.Remove(node.Key);
        }
        else
        {
            pins[node.Key] = items;
        }
        ApplyPins();
        Say(items is null ? $"{ProblemText.Label(node)} is unpinned: it runs again." : $"Pinned {items.Count} item(s) as the output of {ProblemText.Label(node)}.",
            MudBlazor.Severity.Success);
        return Changed();
    }

    /// <summary>What "Pin this output" pins: the node's items in the run on the canvas, else its last test's output.</summary>
    private List<JsonElement>? PinnableItemsOf(BuilderNode node)
    {
        var fromRun = Bronn.Core.Execution.ActivationItems.OfNode(runSteps.Where(s => s.NodeId == node.Key)).Select(i => i.Json).ToList();
        if (fromRun.Count > 0)
        {
            return fromRun;
        }
        return tests.GetValueOrDefault(node.Key) is { Output: { } output } ? PinnedItems.Parse(output, out _) : null;
    }

    /// <summary>The sample "Test this node" and the expression helper read, with pinned outputs in place of run outputs.</summary>
    private SampleData SampleWithPins()
    {
        if (pins.Count == 0)
        {
            return sample;
        }
        var steps = new Dictionary<string, JsonElement>(sample.Steps, StringComparer.Ordinal);
        foreach (var (id, items) in pins)
        {
            steps[id] = items[0];
        }
        return sample with { Steps = steps };
    }
}
