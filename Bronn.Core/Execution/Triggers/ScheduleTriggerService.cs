using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Execution.Triggers;

/// <summary>
/// Fires schedule triggers. Each fire time becomes exactly one execution however many engines run: the fire row
/// (primary key workflow + time) and the execution are inserted in one transaction, and a second engine's insert
/// of the same fire fails. Fires missed while no engine ran are skipped, or the latest runs once, per workflow.
/// </summary>
public sealed class ScheduleTriggerService(
    IDbContextFactory<BronnDbContext> contexts, ActiveTriggers triggers, IExecutionLauncher launcher, TimeProvider clock, ILogger<ScheduleTriggerService> logger) : BackgroundService
{
    /// <summary>A fire older than this when noticed was missed (no engine was running).</summary>
    public static readonly TimeSpan MissedAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The schedule tick failed; trying again shortly");
            }
        }
    }

    public async Task<int> TickAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scheduled = await triggers.ListAsync(db, "schedule", ct);
        var ids = scheduled.Select(s => s.Workflow.Id).ToList();
        var lastFires = await db.ScheduleFires.AsNoTracking().Where(f => ids.Contains(f.WorkflowId))
            .GroupBy(f => f.WorkflowId).Select(g => new { WorkflowId = g.Key, Last = g.Max(f => f.FireTime) })
            .ToDictionaryAsync(x => x.WorkflowId, x => x.Last, ct);
        var started = 0;
        var launched = new List<Guid>();
        var now = clock.GetUtcNow();
        foreach (var (workflow, definition, trigger) in scheduled)
        {
            if (trigger.Parameter("cron")?.GetString() is not { } cron || !CronSchedule.TryParse(cron, out var expression))
            {
                continue;
            }
            var zone = CronSchedule.ZoneOf(trigger);
            var from = lastFires.TryGetValue(workflow.Id, out var last) ? last : workflow.UpdatedAt;
            var due = expression!.GetOccurrences(from, now, zone, fromInclusive: false, toInclusive: true).ToList();
            if (due.Count == 0)
            {
                continue;
            }
            var missed = due.Where(f => now - f > MissedAfter).ToList();
            if (missed.Count > 0)
            {
                // Down while these were due: run the latest once, or just record it so they are not revisited.
                var runMissed = definition.Settings?.MissedSchedules == "run_once";
                started += await TryFireAsync(db, workflow, trigger, missed[^1], runMissed, launched, ct) ? 1 : 0;
            }
            foreach (var fire in due.Where(f => now - f <= MissedAfter))
            {
                started += await TryFireAsync(db, workflow, trigger, fire, run: true, launched, ct) ? 1 : 0;
            }
        }
        foreach (var executionId in launched)
        {
            await launcher.LaunchAsync(executionId, ct);
        }
        return started;
    }

    private async Task<bool> TryFireAsync(BronnDbContext db, Workflows.Data.Workflow workflow, NodeDefinition trigger, DateTimeOffset fire, bool run, List<Guid> launched, CancellationToken ct)
    {
        if (await ScheduleFiring.RecordAsync(db, workflow, trigger, fire, run, clock.GetUtcNow(), ct) is not { } recorded)
        {
            return false; // another engine fired it
        }
        if (recorded.ExecutionId is { } id)
        {
            launched.Add(id);
        }
        return run;
    }
}
