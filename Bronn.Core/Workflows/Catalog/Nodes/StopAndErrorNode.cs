using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class StopAndErrorNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("stop_and_error", "Stop and error", NodeCategory.Logic, "report",
        "Fails the run here with your message, e.g. after an If that found bad data.",
        NodeDescriptor.Main, NodeDescriptor.None,
        [new("message", "Error message", ParameterType.String, Required: true, Help: "The run's error, e.g. Order {{ trigger.body.id }} has no customer.")],
        ExampleOutput: new { }, Pure: true);

    public async Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) =>
        throw new StopAndErrorException(await context.RequiredTextAsync("message"));
}
