using System.Reflection;
using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Execution.Health;

/// <summary>Says every few seconds that this process's engine is alive; removes its row when it stops, and rows of processes long gone.</summary>
public sealed class EngineHeartbeat(IDbContextFactory<BronnDbContext> contexts, ExecutionLeases leases, TimeProvider clock, ILogger<EngineHeartbeat> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>A process not seen for this long is taken for dead.</summary>
    public static readonly TimeSpan AliveWithin = Interval * 3;

    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    private readonly DateTimeOffset started = clock.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Could not record the engine's heartbeat ({Reason})", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task BeatAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var kind = Assembly.GetEntryAssembly()?.GetName().Name ?? "unknown";
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO engine_processes (id, kind, host, process_id, version, started_at, seen_at)
            VALUES ({leases.Owner}, {kind}, {Environment.MachineName}, {Environment.ProcessId}, {Telemetry.TelemetryServiceCollectionExtensions.Version}, {started}, {now})
            ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at
            """, ct);
        await db.Set<EngineProcess>().Where(p => p.SeenAt < now - ForgetAfter).ExecuteDeleteAsync(ct);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Set<EngineProcess>().Where(p => p.Id == leases.Owner).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database is gone too: the row ages out.
        }
    }
}
