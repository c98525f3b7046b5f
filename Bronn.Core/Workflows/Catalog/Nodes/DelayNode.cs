using Bronn.Core.Execution;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class DelayNode : INodeType, INodeExecutor, IDurableWait
{
    public NodeDescriptor Descriptor { get; } = new("delay", "Delay", NodeCategory.Logic, "hourglass_empty",
        "Waits, durably: a restart does not lose or shorten the wait.",
        NodeDescriptor.Main, NodeDescriptor.Main,
        [new("duration", "Duration", ParameterType.Duration, Required: true, Help: "hh:mm:ss, e.g. 00:05:00.")],
        ExampleOutput: new { waitedUntil = "2026-11-24T09:05:00Z" });

    public TimeSpan? WaitFor(NodeDefinition node) =>
        TimeSpan.TryParseExact(node.Parameter("duration")?.GetString(), @"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture, out var duration)
            ? duration : null;

    public NodeResult Waited(DateTimeOffset until) => NodeResult.Of(new { waitedUntil = until });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct)
    {
        if (WaitFor(context.Node) is not { } duration)
        {
            throw new NodeFailedException($"'{context.Node.Parameter("duration")?.GetString()}' is not a duration hh:mm:ss.", retryable: false);
        }
        var until = context.Now + duration;
        return Task.FromResult(Waited(until) with { Control = NodeControl.Wait, ResumeAt = until });
    }
}
