using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Execution;

/// <summary>
/// Runs executions this process holds the lease of, in the background: the dispatcher's claims and the runs a webhook
/// starts here directly. Renews each lease meanwhile; when a shutdown's grace is over, hands it back for another engine to resume at once.
/// Each run holds one slot of <see cref="EngineCapacity"/>, taken by the caller and given back here.
/// </summary>
public sealed class InProcessRuns(
    IDbContextFactory<BronnDbContext> contexts, ExecutionLeases leases, EngineCapacity capacity, ExecutionSignal signal,
    Shutdown.EngineDraining draining, PoisonRuns poison, ILogger<InProcessRuns> logger)
{
    /// <summary>Counted from here (not from when the task starts) so that a shutdown's drain waits for it.</summary>
    public void Start(Guid executionId, Func<CancellationToken, Task> run)
    {
        var tracked = draining.Track();
        _ = Task.Run(() => RunAsync(executionId, run, draining.RunsStopping, tracked), CancellationToken.None);
    }

    private async Task RunAsync(Guid id, Func<CancellationToken, Task> run, CancellationToken stopping, Shutdown.EngineDraining.Scope tracked)
    {
        using var _ = tracked;
        using var heartbeat = new CancellationTokenSource();
        var renewing = leases.KeepAliveAsync(contexts, id, heartbeat.Token);
        try
        {
            await run(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: another process (or this one, restarted) resumes the execution.
            await leases.ReleaseAsync(contexts, id);
        }
        catch (Exception ex)
        {
            // Counted as a crash and handed back at once; past Engine:MaxCrashes the run fails with the reason (a poison run).
            var failed = await poison.CrashedAsync(id, ex);
            logger.LogError(ex, failed ? "Execution {ExecutionId} stopped unexpectedly once too often; it was failed"
                : "Execution {ExecutionId} stopped unexpectedly; it is resumed from its last step", id);
        }
        finally
        {
            await heartbeat.CancelAsync();
            await renewing;
            capacity.Return();
            signal.Release();
        }
    }
}
