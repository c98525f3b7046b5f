using Bronn.Core.Execution;

namespace Bronn.Core.Workflows.Catalog.Nodes;

public sealed class ScheduleTriggerNode : INodeType, INodeExecutor
{
    public NodeDescriptor Descriptor { get; } = new("schedule", "Schedule", NodeCategory.Trigger, "schedule",
        "Starts the workflow on a cron schedule in a time zone; each fire time runs exactly once.",
        NodeDescriptor.None, NodeDescriptor.Main,
        [
            new("cron", "Cron expression", ParameterType.Cron, Required: true, Help: "Five fields (minute hour day month weekday), e.g. 0 9 * * 1-5."),
            new("timeZone", "Time zone", ParameterType.String, Default: "UTC", Help: "An IANA time zone such as Europe/Paris."),
        ],
        ExampleOutput: new { firedAt = "2026-11-24T09:00:00Z" });

    public Task<NodeResult> ExecuteAsync(NodeContext context, CancellationToken ct) =>
        Task.FromResult(new NodeResult(context.TriggerData));
}
