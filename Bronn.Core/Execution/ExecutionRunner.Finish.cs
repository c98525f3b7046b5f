using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows.Catalog.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Execution;

/// <summary>How a run ends, on both engines: recorded with the runs its end starts (its error workflow's), and its caller woken.</summary>
public sealed partial class ExecutionRunner
{
    private async Task FinishAsync(BronnDbContext db, Data.Execution execution, string status, string? output, string? error, CancellationToken ct)
    {
        execution.Status = status;
        execution.Output = output;
        execution.Error = error;
        execution.FinishedAt = clock.GetUtcNow();
        execution.LeaseOwner = null;
        execution.LeaseExpiresAt = null;
        execution.ResumeAt = null;
        execution.WaitingNodeId = null;
        // Stored with the failure, in the same transaction: the error workflow runs exactly once for it.
        var errorRun = status == ExecutionStatus.Failed ? await errorRuns.AddAsync(db, execution, ct) : null;
        if (IsInMemory(db, execution) && errorRun is null)
        {
            await StoreOnceAsync(db);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }
        changes.Publish(execution);
        logger.LogDebug("Execution {ExecutionId} {Status}", execution.Id, status);
        Telemetry.BronnMetrics.Finished(execution);
        if (errorRun is not null)
        {
            changes.Publish(errorRun);
            await LaunchAsync(errorRun.Id);
        }
        if (execution.ParentExecutionId is { } caller && execution.TriggerType == WorkflowCalledTriggerNode.TriggerType && launcher.RunsInProcess)
        {
            // The calling run waits parked for this one: wake it now rather than at its next look.
            var now = clock.GetUtcNow();
            await db.Executions.Where(e => e.Id == caller && e.Status == ExecutionStatus.Waiting && e.ResumeAt > now)
                .ExecuteUpdateAsync(e => e.SetProperty(x => x.ResumeAt, now), ct);
            await LaunchAsync(caller);
        }
    }

    /// <summary>A run made in memory that has not been stored yet (nothing about it is in the database).</summary>
    private static bool IsInMemory(BronnDbContext db, Data.Execution execution) => db.Entry(execution).State == EntityState.Added;

    /// <summary>The finished run and its steps, in the order they were recorded, in one batched commit.</summary>
    private async Task StoreOnceAsync(BronnDbContext db)
    {
        var executions = db.ChangeTracker.Entries<Data.Execution>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        // Steps are numbered by the database in insertion order; the context's temporary keys keep the order they were added in.
        var steps = db.ChangeTracker.Entries<ExecutionStep>().Where(e => e.State == EntityState.Added)
            .OrderBy(e => e.Property(s => s.Id).CurrentValue).Select(e => e.Entity).ToList();
        await batcher.WriteAsync(executions, steps);
        db.ChangeTracker.Clear();
    }

    /// <summary>Hands a queued run to its engine; if that fails now, the run is queued anyway and recovery starts it.</summary>
    private async Task LaunchAsync(Guid executionId)
    {
        try
        {
            await launcher.LaunchAsync(executionId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning("Execution {ExecutionId} is queued; starting it now failed ({Reason}): the recovery sweep starts it", executionId, ex.Message);
        }
    }
}
