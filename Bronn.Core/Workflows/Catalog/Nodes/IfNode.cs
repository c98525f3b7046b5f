using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class IfNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("if", "If", NodeCategory.Logic, "call_split",
        "Sends each item on to the true or the false branch.",
        NodeDescriptor.Main, ["true", "false"],
        [new("condition", "Condition", ParameterType.Expression, Required: true, Help: "Evaluates to true or false, e.g. {{ trigger.body.amount > 100 }}. Numbers and numeric text (\"99\" from a form) compare as numbers; ordering a number against other text fails the step.")],
        ExampleOutput: new { name = "Ann", amount = 150 }, Pure: true);

    /// <summary>The item goes on unchanged, by the port the condition picks.</summary>
    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) =>
        new(context.Item ?? context.TriggerData, await Condition.EvaluateAsync(context) ? "true" : "false");
}
