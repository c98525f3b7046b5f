using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

/// <summary>Starts a workflow when another one calls it (workflow.execute); it needs only to be published.</summary>
public sealed class WorkflowCalledTriggerNode : INodeType, INodeExecutor
{
    public const string Type = "workflow.called";

    /// <summary>The trigger type of the runs it starts.</summary>
    public const string TriggerType = "workflow";

    public NodeDescriptor Descriptor { get; } = new(Type, "Called by a workflow", NodeCategory.Trigger, "call_received",
        "Starts this workflow when another workflow calls it with 'Execute workflow'; the caller's input is trigger.input.",
        NodeDescriptor.None, NodeDescriptor.Main, [],
        ExampleOutput: new { input = new { orderId = 42 } });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) => Task.FromResult(new NodeResult(context.TriggerData));
}
