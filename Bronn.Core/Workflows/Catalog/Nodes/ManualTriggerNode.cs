namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class ManualTriggerNode : INodeType
{
    public NodeDescriptor Descriptor { get; } = new("manual", "Manual trigger", NodeCategory.Trigger, "play_arrow",
        "Starts the workflow when you press Run (or call POST /api/workflows/{id}/run); the request body becomes the trigger data.",
        NodeDescriptor.None, NodeDescriptor.Main, [],
        ExampleOutput: new { body = new { name = "Ann" } });
}
