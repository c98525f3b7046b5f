using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows.Data;
using Bronn.Core.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bronn.Core.Execution.Triggers;

public sealed record RecordedFire(Guid? ExecutionId);

/// <summary>
/// One schedule fire time, recorded once: the fire row (primary key workflow + time) and its execution go in one
/// transaction, so a second engine (or a retried Temporal activity) recording the same fire changes nothing.
/// Shared by the embedded scheduler and the Temporal schedules' activity.
/// </summary>
public static class ScheduleFiring
{
    /// <returns>The fire as recorded by this call (with its execution when <paramref name="run"/>), or null when it was already recorded.</returns>
    public static async Task<RecordedFire?> RecordAsync(BronnDbContext db, Workflow workflow, NodeDefinition trigger, DateTimeOffset fire, bool run, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var execution = new Data.Execution
        {
            Id = Guid.CreateVersion7(), WorkflowId = workflow.Id, WorkflowVersionId = workflow.PublishedVersionId!.Value, OwnerId = workflow.OwnerId,
            Status = ExecutionStatus.Queued, TriggerType = "schedule",
            TriggerData = JsonSerializer.Serialize(new { firedAt = fire.UtcDateTime }), CreatedAt = now,
        };
        // PostgreSQL stores instants: Cronos answers in the schedule's zone, so normalise to UTC.
        db.ScheduleFires.Add(new ScheduleFire { WorkflowId = workflow.Id, FireTime = fire.ToUniversalTime(), ExecutionId = run ? execution.Id : Guid.Empty });
        if (run)
        {
            db.Executions.Add(execution);
            db.ExecutionSteps.Add(PublishedGraphs.TriggerStep(execution, trigger));
        }
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new RecordedFire(run ? execution.Id : null);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return null;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The execution an earlier recording of this fire started, if it started one.</summary>
    public static async Task<Guid?> ExecutionOfAsync(BronnDbContext db, Guid workflowId, DateTimeOffset fire, CancellationToken ct)
    {
        var utc = fire.ToUniversalTime();
        var id = await db.ScheduleFires.AsNoTracking().Where(f => f.WorkflowId == workflowId && f.FireTime == utc).Select(f => (Guid?)f.ExecutionId).SingleOrDefaultAsync(ct);
        return id == Guid.Empty ? null : id;
    }

    /// <summary>
    /// Whether a fire noticed at <paramref name="now"/> runs: on time, yes; missed (no engine or worker was running),
    /// only when the workflow says run_once and it is the latest missed fire.
    /// </summary>
    public static bool ShouldRun(DateTimeOffset fire, DateTimeOffset now, string? missedPolicy, Func<DateTimeOffset, DateTimeOffset?> nextAfter)
    {
        if (now - fire <= ScheduleTriggerService.MissedAfter)
        {
            return true;
        }
        return missedPolicy == "run_once" && !(nextAfter(fire) is { } next && now - next > ScheduleTriggerService.MissedAfter);
    }
}
