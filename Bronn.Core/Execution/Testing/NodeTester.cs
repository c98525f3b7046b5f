using System.Text.Json;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Expressions;

namespace Bronn.Core.Execution.Testing;

/// <summary>What one node did with sample input: its input (see <see cref="StepInput"/>), and its output or error.</summary>
public sealed record NodeTestResult(string? Input, string? Output, string? Port, string? Error);

/// <summary>
/// Runs a single node as the builder holds it (saved or not) against sample data: the trigger's data and upstream
/// steps' outputs. Nothing is stored; an action node really acts (a test email is sent), as in any automation tool.
/// </summary>
public sealed class NodeTester(NodeInvoker invoker, Workflows.Catalog.NodeCatalog catalog, TimeProvider clock)
{
    /// <summary>The most items a test runs a per-item node on.</summary>
    public const int MaxItems = 50;

    /// <param name="items">The items that reached the node in the last run (none: it runs once, with no item).</param>
    public async Task<NodeTestResult> TestAsync(Guid ownerId, NodeDefinition node, SampleData sample, IReadOnlyList<JsonElement>? items = null,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var executionId = Guid.CreateVersion7();
        var scope = new ExpressionScope(executionId, sample.Trigger, sample.Steps, now);
        items ??= [];
        var contexts = catalog.Find(node.Type)?.RunsOnAllItemsFor(node) == true || items.Count == 0
            ? [new NodeContext(executionId, ownerId, node, scope, sample.Trigger, now) { AllInputItems = items, InputsByEdge = [items], Item = items.Count > 0 ? items[0] : null }]
            : items.Take(MaxItems).Select(item => new NodeContext(executionId, ownerId, node, scope.WithItem(item), sample.Trigger, now) { Item = item }).ToList();
        var emitted = new List<PortItem>();
        try
        {
            foreach (var context in contexts)
            {
                var result = await invoker.InvokeAsync(context, ct);
                if (result.Control == NodeControl.Wait)
                {
                    return new(StepInput.Of(contexts[0], items), JsonSerializer.Serialize(new { waitsUntil = result.ResumeAt }), result.Port, null);
                }
                emitted.AddRange(result.AllItems);
            }
            // One item shows as itself; several (or none) as the list of what the node emitted.
            var output = emitted.Count == 1 ? emitted[0].Json.GetRawText() : JsonSerializer.Serialize(emitted.Select(i => i.Json));
            return new(StepInput.Of(contexts[0], items), output, emitted.FirstOrDefault()?.Port, null);
        }
        catch (NodeFailedException ex)
        {
            return new(StepInput.Of(contexts[0], items), null, null, ex.Message);
        }
    }
}

/// <summary>The data a test sees: the trigger's and upstream steps' outputs, by node id.</summary>
public sealed record SampleData(JsonElement Trigger, IReadOnlyDictionary<string, JsonElement> Steps)
{
    public static SampleData Empty { get; } = new(JsonSerializer.SerializeToElement(new { }), new Dictionary<string, JsonElement>());
}
