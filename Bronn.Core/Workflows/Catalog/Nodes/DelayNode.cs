namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class DelayNode : INodeType
{
    public NodeDescriptor Descriptor { get; } = new("delay", "Delay", NodeCategory.Logic, "hourglass_empty",
        "Waits, durably: a restart does not lose or shorten the wait.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("duration", "Duration", ParameterType.Duration, Required: true, Help: "hh:mm:ss, e.g. 00:05:00.")],
        ExampleOutput: new { waitedUntil = "2026-11-24T09:05:00Z" });
}
