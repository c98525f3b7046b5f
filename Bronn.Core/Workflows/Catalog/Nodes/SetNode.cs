using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class SetNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("set", "Set fields", NodeCategory.Logic, "edit",
        "Builds an object from named expressions.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("fields", "Fields", ParameterType.KeyValue, Required: true, Help: "One row per field: its name, and its value as text or an expression, e.g. greeting = Hello {{ trigger.body.name }}.")],
        ExampleOutput: new { greeting = "Hello Ann" }, Pure: true);

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) =>
        new((await context.JsonAsync("fields")) ?? System.Text.Json.JsonSerializer.SerializeToElement(new { }));
}
