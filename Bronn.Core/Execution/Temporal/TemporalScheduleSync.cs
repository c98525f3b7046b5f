using Bronn.Core.Data;
using Bronn.Core.Execution.Triggers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace Bronn.Core.Execution.Temporal;

/// <summary>
/// With Temporal, schedule triggers are Temporal schedules: this keeps one schedule per active workflow with a
/// schedule trigger, created, updated when its cron, zone or missed-fire setting changes, and deleted when the
/// workflow is deactivated. Several processes may run it; every operation tolerates another having done it first.
/// </summary>
public sealed class TemporalScheduleSync(
    IDbContextFactory<BronnDbContext> contexts, ActiveTriggers triggers, ITemporalClient client, IOptions<TemporalOptions> options,
    TimeProvider clock, ILogger<TemporalScheduleSync> logger) : BackgroundService
{
    // Schedule id -> the fingerprint last applied; null means "exists in Temporal, content unknown".
    private Dictionary<string, string?>? applied;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), clock);
        do
        {
            try
            {
                await SyncAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Syncing schedules with Temporal failed; trying again shortly");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many schedules were created, updated or deleted.</returns>
    public async Task<int> SyncAsync(CancellationToken ct)
    {
        if (applied is null)
        {
            var existing = new Dictionary<string, string?>();
            await foreach (var schedule in client.ListSchedulesAsync(new() { Rpc = new() { CancellationToken = ct } }))
            {
                if (schedule.Id.StartsWith(TemporalSchedules.IdPrefix, StringComparison.Ordinal))
                {
                    existing[schedule.Id] = null;
                }
            }
            applied = existing;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var desired = (await triggers.ListAsync(db, "schedule", ct)).ToDictionary(s => TemporalSchedules.IdOf(s.Workflow.Id));
        var changes = 0;
        foreach (var (id, (workflow, definition, trigger)) in desired)
        {
            var fingerprint = TemporalSchedules.Fingerprint(definition, trigger);
            if (applied.TryGetValue(id, out var current) && current == fingerprint)
            {
                continue;
            }
            var schedule = TemporalSchedules.Describe(workflow.Id, definition, trigger, options.Value.TaskQueue);
            await UpsertAsync(id, schedule, known: applied.ContainsKey(id), ct);
            applied[id] = fingerprint;
            changes++;
        }
        foreach (var id in applied.Keys.Where(id => !desired.ContainsKey(id)).ToList())
        {
            await DeleteAsync(id, ct);
            applied.Remove(id);
            changes++;
        }
        return changes;
    }

    private async Task UpsertAsync(string id, Schedule schedule, bool known, CancellationToken ct)
    {
        if (!known)
        {
            try
            {
                await client.CreateScheduleAsync(id, schedule, new() { Rpc = new() { CancellationToken = ct } });
                logger.LogInformation("Created Temporal schedule {ScheduleId}", id);
                return;
            }
            catch (ScheduleAlreadyRunningException)
            {
                // Another process created it: bring it up to date below.
            }
        }
        await client.GetScheduleHandle(id).UpdateAsync(_ => new ScheduleUpdate(schedule), new() { CancellationToken = ct });
        logger.LogInformation("Updated Temporal schedule {ScheduleId}", id);
    }

    private async Task DeleteAsync(string id, CancellationToken ct)
    {
        try
        {
            await client.GetScheduleHandle(id).DeleteAsync(new() { CancellationToken = ct });
            logger.LogInformation("Deleted Temporal schedule {ScheduleId}", id);
        }
        catch (RpcException ex) when (ex.Code == RpcException.StatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
