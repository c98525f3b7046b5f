using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class ManualTriggerNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("manual", "Manual trigger", NodeCategory.Trigger, "play_arrow",
        "Starts the workflow when you press Run (or call POST /api/workflows/{id}/run); the request body becomes the trigger data.",
        NodeDescriptor.None, NodeDescriptor.Main, [],
        ExampleOutput: new { body = new { name = "Ann" } });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) =>
        Task.FromResult(new NodeResult(context.TriggerData));
}
