using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class DelayNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("delay", "Delay", NodeCategory.Logic, "hourglass_empty",
        "Waits, durably: a restart does not lose or shorten the wait.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("duration", "Duration", ParameterType.Duration, Required: true, Help: "hh:mm:ss, e.g. 00:05:00.")],
        ExampleOutput: new { waitedUntil = "2026-11-24T09:05:00Z" });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        var text = context.Node.Parameter("duration")?.GetString();
        if (!TimeSpan.TryParseExact(text, @"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture, out var duration))
        {
            throw new NodeFailedException($"'{text}' is not a duration hh:mm:ss.", retryable: false);
        }
        var until = context.Now + duration;
        return Task.FromResult(NodeResult.Of(new { waitedUntil = until }) with { Control = NodeControl.Wait, ResumeAt = until });
    }
}
