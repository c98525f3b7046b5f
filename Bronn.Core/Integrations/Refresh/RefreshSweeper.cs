using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Integrations.Refresh;

/// <summary>Every Integrations:Refresh:Interval, refreshes credentials expiring within the margin, and expires those that cannot be.</summary>
public sealed class RefreshSweeper(
    IDbContextFactory<BronnDbContext> contexts, CredentialRefresher refresher, IOptions<IntegrationsOptions> options,
    TimeProvider clock, ILogger<RefreshSweeper> logger) : BackgroundService
{
    private RefreshOptions Settings => options.Value.Refresh;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Settings.Interval, clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The refresh sweep failed; it runs again in {Interval}", Settings.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many credentials this sweep refreshed.</returns>
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        await ExpireUnrefreshableAsync(ct);
        var seen = new HashSet<Guid>();
        var refreshed = 0;
        while (true)
        {
            var due = (await DueAsync(ct)).Where(seen.Add).ToList();
            if (due.Count == 0)
            {
                break;
            }
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Settings.SweepParallelism, CancellationToken = ct },
                async (id, token) =>
                {
                    if (await refresher.RefreshAsync(id, null, token) == RefreshResult.Refreshed)
                    {
                        Interlocked.Increment(ref refreshed);
                    }
                });
        }
        if (refreshed > 0)
        {
            logger.LogInformation("Refreshed {Count} credential(s) ahead of expiry", refreshed);
        }
        return refreshed;
    }

    private async Task<List<Guid>> DueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var horizon = now + Settings.Margin;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.IntegrationConnections.AsNoTracking()
            .Where(c => (c.Status == ConnectionStatus.Active || c.Status == ConnectionStatus.Error) && c.HasRefreshToken && c.ExpiresAt <= horizon
                && (c.NextAttemptAt == null || c.NextAttemptAt <= now) && (c.LeaseExpiresAt == null || c.LeaseExpiresAt < now))
            .OrderBy(c => c.ExpiresAt)
            .Select(c => c.Id)
            .Take(Settings.SweepBatchSize)
            .ToListAsync(ct);
    }

    private async Task ExpireUnrefreshableAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var expired = await db.IntegrationConnections.AsNoTracking()
            .Where(c => c.Status == ConnectionStatus.Active && !c.HasRefreshToken && c.ExpiresAt <= now)
            .OrderBy(c => c.ExpiresAt).Select(c => c.Id).Take(Settings.SweepBatchSize).ToListAsync(ct);
        foreach (var id in expired)
        {
            await refresher.RefreshAsync(id, null, ct); // marks it expired, with an event and a notification
        }
    }
}
