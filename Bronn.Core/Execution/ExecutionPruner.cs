using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution;

/// <summary>Deletes finished executions (and their steps) older than Engine:RetainFor, in small batches, and expired webhook idempotency keys, hourly.</summary>
public sealed class ExecutionPruner(
    IDbContextFactory<BronnDbContext> contexts, Webhooks.WebhookDeliveries deliveries, IOptions<EngineOptions> options, TimeProvider clock, ILogger<ExecutionPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Pruning old executions failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.Value.RetainFor;
        var total = 0;
        int deleted;
        do
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var batch = db.Executions.Where(e => e.FinishedAt < cutoff).OrderBy(e => e.FinishedAt).Select(e => e.Id).Take(1000);
            deleted = await db.Executions.Where(e => batch.Contains(e.Id)).ExecuteDeleteAsync(ct);
            total += deleted;
        }
        while (deleted == 1000);
        await deliveries.PruneAsync(ct);
        if (total > 0)
        {
            logger.LogInformation("Pruned {Count} execution(s) finished before {Cutoff}", total, cutoff);
        }
        return total;
    }
}
