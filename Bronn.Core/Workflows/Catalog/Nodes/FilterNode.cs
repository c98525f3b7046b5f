using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class FilterNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("filter", "Filter", NodeCategory.Logic, "filter_alt",
        "Keeps the items for which the condition holds and drops the others; if none is left, the nodes after it are skipped.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("condition", "Condition", ParameterType.Expression, Required: true)],
        ExampleOutput: new { name = "Ann", amount = 150 }, Pure: true);

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) =>
        await Condition.EvaluateAsync(context) ? new NodeResult(context.Item ?? context.TriggerData) : NodeResult.Emit([]);
}
