using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bronn.Core.Data;

/// <summary>Whether this process can reach PostgreSQL now, as last seen by <see cref="DatabaseMonitor"/>; screens show a banner while it cannot.</summary>
public sealed class DatabaseStatus
{
    public bool IsReachable { get; private set; } = true;

    public DateTimeOffset? UnreachableSince { get; private set; }

    public event Action? Changed;

    public void Report(bool reachable, DateTimeOffset at)
    {
        if (reachable == IsReachable)
        {
            return;
        }
        IsReachable = reachable;
        UnreachableSince = reachable ? null : at;
        Changed?.Invoke();
    }
}

/// <summary>Looks at the database every two seconds (one cheap query) so that an outage and the recovery are seen at once.</summary>
public sealed class DatabaseMonitor(IDbContextFactory<BronnDbContext> contexts, DatabaseStatus status, TimeProvider clock, ILogger<DatabaseMonitor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            var reachable = await PingAsync(stoppingToken);
            if (reachable != status.IsReachable)
            {
                logger.Log(reachable ? LogLevel.Information : LogLevel.Warning,
                    reachable ? "The database is reachable again" : "The database cannot be reached");
            }
            status.Report(reachable, clock.GetUtcNow());
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Interval);
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException
            || ex is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
