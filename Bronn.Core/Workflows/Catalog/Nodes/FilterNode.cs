using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class FilterNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("filter", "Filter", NodeCategory.Logic, "filter_alt",
        "Stops the execution here (successfully) unless the condition holds.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("condition", "Condition", ParameterType.Expression, Required: true)],
        ExampleOutput: new { passed = true });

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        var passed = await Condition.EvaluateAsync(context);
        var result = NodeResult.Of(new { passed });
        return passed ? result : result with { Control = NodeControl.Stop };
    }
}
