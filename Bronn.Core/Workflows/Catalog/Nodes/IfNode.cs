namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class IfNode : INodeType
{
    public NodeDescriptor Descriptor { get; } = new("if", "If", NodeCategory.Logic, "call_split",
        "Sends the data to the true or the false branch.",
        NodeDescriptor.Main, ["true", "false"],
        [new("condition", "Condition", ParameterType.Expression, Required: true, Help: "Evaluates to true or false, e.g. {{ trigger.body.amount > 100 }}.")],
        ExampleOutput: new { result = true });
}
