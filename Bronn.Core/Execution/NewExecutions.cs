using System.Text.Json;
using Bronn.Core.Execution.Data;

namespace Bronn.Core.Execution;

/// <summary>A new execution row and its trigger's step: how every run starts (a trigger, a test run, an error workflow).</summary>
public static class NewExecutions
{
    /// <param name="claimedBy">The engine that runs it at once (its lease owner), or null to queue it.</param>
    public static (Data.Execution Execution, ExecutionStep TriggerStep) Create(Guid workflowId, Guid ownerId, Guid versionId, WorkflowGraph graph,
        string triggerType, JsonElement triggerData, DateTimeOffset now, string? claimedBy = null, TimeSpan? lease = null, Guid? parent = null)
    {
        var execution = new Data.Execution
        {
            Id = Guid.CreateVersion7(), WorkflowId = workflowId, WorkflowVersionId = versionId, OwnerId = ownerId,
            Status = claimedBy is null ? ExecutionStatus.Queued : ExecutionStatus.Running, TriggerType = triggerType,
            TriggerData = triggerData.GetRawText(), CreatedAt = now, StartedAt = claimedBy is null ? null : now,
            LeaseOwner = claimedBy, LeaseExpiresAt = claimedBy is null ? null : now + lease, ParentExecutionId = parent,
            TraceParent = Telemetry.ExecutionTraces.NewParent(),
        };
        Telemetry.BronnMetrics.ExecutionsStarted.Add(1, new KeyValuePair<string, object?>("trigger", triggerType));
        return (execution, PublishedGraphs.TriggerStep(execution, graph.Trigger));
    }
}
