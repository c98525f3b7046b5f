using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution.Health;

/// <summary>What one sweep found and did.</summary>
public sealed record SweepResult(DateTimeOffset At, int Orphaned, int Fixed, int WaitingForAnEngine, int EnginesAlive);

/// <summary>
/// Proves every minute that nothing is stuck: a run marked running with no lease at all (left so by a crash between
/// writes, or by a backend that no longer runs here) is made claimable at once; runs queued or with a lapsed lease while
/// no engine is alive are reported (a warning, the metric and the Admin System tab), since only an engine can run them.
/// </summary>
public sealed class StuckRunSweep(IDbContextFactory<BronnDbContext> contexts, ExecutionSignal signal, IOptions<EngineOptions> options,
    TimeProvider clock, ILogger<StuckRunSweep> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public SweepResult? Last { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("The stuck-run sweep could not run ({Reason}); trying again in a minute", ex.Message);
            }
        }
    }

    public async Task<SweepResult> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var orphaned = await db.Executions
            .Where(e => e.Status == ExecutionStatus.Running && e.LeaseOwner == null && e.LeaseExpiresAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LeaseExpiresAt, now), ct);
        if (orphaned > 0)
        {
            logger.LogWarning("{Count} execution(s) were marked running without any lease; made claimable so an engine resumes them", orphaned);
            Telemetry.BronnMetrics.StuckRunsFixed.Add(orphaned);
            signal.Release();
        }
        var alive = await db.Set<EngineProcess>().CountAsync(p => p.SeenAt > now - EngineHeartbeat.AliveWithin, ct);
        var overdue = now - options.Value.LeaseDuration * 2;
        var waiting = await db.Executions.CountAsync(e =>
            (e.Status == ExecutionStatus.Queued && e.CreatedAt < overdue)
            || (e.Status == ExecutionStatus.Waiting && e.ResumeAt < overdue)
            || (e.Status == ExecutionStatus.Running && e.LeaseExpiresAt < overdue), ct);
        if (waiting > 0)
        {
            logger.LogWarning("{Count} execution(s) have waited over {Overdue} for an engine; {Alive} engine process(es) alive", waiting,
                options.Value.LeaseDuration * 2, alive);
        }
        return Last = new SweepResult(now, orphaned, orphaned, waiting, alive);
    }
}
