using System.Text.Json;
using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class AggregateNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("aggregate", "Aggregate", NodeCategory.Logic, "merge_type",
        "Gathers every incoming item into one item: {\"items\": [...]}.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("field", "Field", ParameterType.String, Default: "items", Help: "The name of the list in the one item it emits.")],
        ExampleOutput: new { items = new[] { new { id = 1 }, new { id = 2 } } },
        RunsOnAllItems: true, Pure: true);

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        var field = await context.TextAsync("field") is { Length: > 0 } name ? name : "items";
        return new NodeResult(JsonSerializer.SerializeToElement(new Dictionary<string, object> { [field] = context.AllInputItems }));
    }
}
