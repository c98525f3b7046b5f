namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class FilterNode : INodeType
{
    public NodeDescriptor Descriptor { get; } = new("filter", "Filter", NodeCategory.Logic, "filter_alt",
        "Stops the execution here (successfully) unless the condition holds.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("condition", "Condition", ParameterType.Expression, Required: true)],
        ExampleOutput: new { passed = true });
}
