using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

/// <summary>Starts a workflow chosen as another workflow's error workflow (settings.errorWorkflow) when a run of that one fails.</summary>
public sealed class ErrorTriggerNode : INodeType, INodeExecutor
{
    public const string Type = "error_trigger";

    /// <summary>The trigger type of the runs it starts (never followed by another error workflow run).</summary>
    public const string TriggerType = "error";

    public NodeDescriptor Descriptor { get; } = new(Type, "Error trigger", NodeCategory.Trigger, "error_outline",
        "Starts this workflow when a run of another workflow fails, if that workflow names this one as its error workflow.",
        NodeDescriptor.None, NodeDescriptor.Main, [],
        ExampleOutput: new
        {
            execution = new { id = "0196a000-0000-7000-8000-000000000001", url = "https://bronn.example.com/executions/0196a000-0000-7000-8000-000000000001" },
            workflow = new { id = "0196a000-0000-7000-8000-000000000002", name = "Orders" },
            error = new { message = "Node 'notify' failed after 3 attempt(s): Slack answered 404 (channel_not_found)", node = "notify" },
        });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) => Task.FromResult(new NodeResult(context.TriggerData));
}
