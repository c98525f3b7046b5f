using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution;

/// <summary>
/// A run that made its engine throw (outside any node: a node's own failure is an attempt under its retry policy) counts
/// a crash, like an engine that died while running it, and is handed back at once; the crash that reaches
/// Engine:MaxCrashes fails it with the reason, so it is not claimed again forever.
/// </summary>
public sealed class PoisonRuns(IDbContextFactory<BronnDbContext> contexts, ExecutionLeases leases, Live.ExecutionChangeFeed changes,
    IOptions<EngineOptions> options, TimeProvider clock)
{
    private const int ReasonLength = 300;

    /// <returns>True when the run was failed.</returns>
    public async Task<bool> CrashedAsync(Guid executionId, Exception exception)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            var now = clock.GetUtcNow();
            var counted = await db.Executions.Where(e => e.Id == executionId && e.LeaseOwner == leases.Owner && e.Status == ExecutionStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Crashes, e => e.Crashes + 1)
                    .SetProperty(e => e.LeaseOwner, (string?)null).SetProperty(e => e.LeaseExpiresAt, now), timeout.Token);
            var execution = counted == 0 ? null : await db.Executions.SingleAsync(e => e.Id == executionId, timeout.Token);
            if (execution is null || execution.Crashes < options.Value.MaxCrashes)
            {
                return false;
            }
            var reason = $"{exception.GetType().Name}: {exception.Message}";
            execution.Status = ExecutionStatus.Failed;
            execution.FinishedAt = now;
            execution.LeaseExpiresAt = null;
            execution.Error = $"The engine stopped {execution.Crashes} times while running this execution; it was failed so that it does not " +
                $"stop the engine again (Engine:MaxCrashes is {options.Value.MaxCrashes}). The last time: " +
                (reason.Length > ReasonLength ? reason[..ReasonLength] + "…" : reason);
            await db.SaveChangesAsync(timeout.Token);
            changes.Publish(execution);
            Telemetry.BronnMetrics.Finished(execution);
            return true;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or OperationCanceledException or DbUpdateException)
        {
            return false; // the database is unreachable: the lease lapses and the next claim counts the crash instead
        }
    }
}
