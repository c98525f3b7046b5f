using Temporalio.Common;
using Temporalio.Workflows;

namespace Bronn.Core.Execution.Temporal;

public sealed record ScheduledRunInput(Guid WorkflowId);

/// <summary>
/// Started by a Temporal schedule at each fire time: records the fire and its execution (once, whatever retries
/// happen), then runs the execution as a child interpreter workflow, so its history is the same as any other run.
/// </summary>
[Workflow]
public sealed class BronnScheduledRunWorkflow
{
    /// <summary>Set by Temporal on workflows a schedule starts: the fire time the run belongs to.</summary>
    public static readonly SearchAttributeKey<DateTimeOffset> ScheduledStartTime = SearchAttributeKey.CreateDateTimeOffset("TemporalScheduledStartTime");

    [WorkflowRun]
    public async Task<string> RunAsync(ScheduledRunInput input)
    {
        var fire = Workflow.TypedSearchAttributes.TryGetValue(ScheduledStartTime, out var scheduled) ? scheduled : Workflow.UtcNow;
        var executionId = await Workflow.ExecuteActivityAsync(
            (ScheduleActivities a) => a.StartScheduledRunAsync(new ScheduledFireRequest(input.WorkflowId, fire)),
            new() { StartToCloseTimeout = TimeSpan.FromMinutes(1) });
        if (executionId is not { } id)
        {
            return "skipped";
        }
        return await Workflow.ExecuteChildWorkflowAsync(
            (BronnInterpreterWorkflow w) => w.RunAsync(new InterpreterInput(id)), new() { Id = TemporalLauncher.WorkflowIdOf(id) });
    }
}
