using Bronn.Core.Data;
using Bronn.Core.Execution.Triggers;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;

namespace Bronn.Core.Execution.Temporal;

public sealed record ScheduledFireRequest(Guid WorkflowId, DateTimeOffset FireTime);

/// <summary>
/// What a Temporal schedule's run does first: records the fire and creates its execution, exactly once per fire time
/// (a retried activity finds the fire already recorded and answers the same execution).
/// </summary>
public sealed class ScheduleActivities(IDbContextFactory<BronnDbContext> contexts, ActiveTriggers triggers, TimeProvider clock)
{
    /// <returns>The execution to run, or null when the fire does not run (workflow no longer active, or a missed fire it skips).</returns>
    [Activity]
    public async Task<Guid?> StartScheduledRunAsync(ScheduledFireRequest request)
    {
        var ct = ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var active = (await triggers.ListAsync(db, "schedule", ct)).Where(s => s.Workflow.Id == request.WorkflowId).ToList();
        if (active is not [var (workflow, definition, trigger)])
        {
            return null; // deactivated or unpublished since the schedule fired; the sync removes the schedule
        }
        var zone = CronSchedule.ZoneOf(trigger);
        var expression = CronSchedule.TryParse(trigger.Parameter("cron")?.GetString() ?? "", out var parsed) ? parsed : null;
        var run = ScheduleFiring.ShouldRun(request.FireTime, clock.GetUtcNow(), definition.Settings?.MissedSchedules,
            fire => expression?.GetNextOccurrence(fire, zone));
        if (await ScheduleFiring.RecordAsync(db, workflow, trigger, request.FireTime, run, clock.GetUtcNow(), ct) is { } recorded)
        {
            return recorded.ExecutionId;
        }
        return await ScheduleFiring.ExecutionOfAsync(db, request.WorkflowId, request.FireTime, ct);
    }
}
