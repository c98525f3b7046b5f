using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;

namespace Bronn.Core.Execution.Temporal;

/// <summary>
/// An execution is committed before its Temporal workflow is started; a crash or a Temporal outage in between would
/// leave it queued forever. Every half minute this starts the workflow of any execution still queued after the grace
/// time. Starting is idempotent by workflow id, so one that did start is left alone.
/// </summary>
public sealed class TemporalLaunchRecovery(
    IDbContextFactory<BronnDbContext> contexts, IExecutionLauncher launcher, TimeProvider clock, ILogger<TemporalLaunchRecovery> logger) : BackgroundService
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Grace, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not restart queued executions on Temporal ({Reason}); retrying in {Seconds} s", ex.Message, Grace.TotalSeconds);
            }
        }
    }

    /// <returns>How many executions had their workflow started now.</returns>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - Grace;
        List<Guid> stale;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            stale = await db.Executions.AsNoTracking().Where(e => e.Status == ExecutionStatus.Queued && e.CreatedAt < before)
                .OrderBy(e => e.CreatedAt).Select(e => e.Id).Take(Batch).ToListAsync(ct);
        }
        var started = 0;
        foreach (var id in stale)
        {
            try
            {
                await launcher.LaunchAsync(id, ct);
                started++;
                logger.LogInformation("Started the Temporal workflow of execution {ExecutionId}, which was still queued", id);
            }
            catch (WorkflowAlreadyStartedException)
            {
                // Started earlier and not picked up yet (a busy worker): nothing to do.
            }
        }
        return started;
    }
}
