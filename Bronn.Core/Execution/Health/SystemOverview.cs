using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Execution.Health;

public sealed record EngineProcessView(string Id, string Kind, string Host, int ProcessId, string Version, DateTimeOffset StartedAt,
    DateTimeOffset SeenAt, int Leases);

public sealed record RecentFailure(Guid ExecutionId, Guid WorkflowId, string WorkflowName, string? FailedNodeId, string? Error, DateTimeOffset? FinishedAt);

/// <summary>Runs started in the last day by one user or one workflow, and how many of them failed.</summary>
public sealed record RunCount(Guid Id, string Name, long Runs, long Failed);

public sealed record SystemSnapshot(string Version, DateTimeOffset At, IReadOnlyList<EngineProcessView> Engines, long QueueDepth,
    IReadOnlyDictionary<string, long> FinishedLastHour, IReadOnlyList<RecentFailure> RecentFailures, SweepResult? LastSweep,
    IReadOnlyList<RunCount> ByUserLastDay, IReadOnlyList<RunCount> ByWorkflowLastDay);

/// <summary>What an admin needs to see that the engine is healthy: who runs, what waits, what ran and what failed.</summary>
public sealed class SystemOverview(IDbContextFactory<BronnDbContext> contexts, TimeProvider clock, IServiceProvider services)
{
    private const int ErrorLength = 300;
    private const int TopCount = 20;

    public async Task<SystemSnapshot> ReadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var alive = now - EngineHeartbeat.AliveWithin;
        var engines = await db.EngineProcesses.AsNoTracking().Where(p => p.SeenAt > alive).OrderBy(p => p.StartedAt)
            .Select(p => new EngineProcessView(p.Id, p.Kind, p.Host, p.ProcessId, p.Version, p.StartedAt, p.SeenAt,
                db.Executions.Count(e => e.LeaseOwner == p.Id && e.Status == ExecutionStatus.Running)))
            .ToListAsync(ct);
        var queued = await db.Executions.LongCountAsync(e => e.Status == ExecutionStatus.Queued
            || (e.Status == ExecutionStatus.Waiting && e.ResumeAt <= now), ct);
        var hourAgo = now.AddHours(-1);
        var finished = await db.Executions.Where(e => e.FinishedAt > hourAgo).GroupBy(e => e.Status)
            .Select(g => new { Status = g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Status, g => g.Count, ct);
        var failures = await db.Executions.AsNoTracking().Where(e => e.Status == ExecutionStatus.Failed)
            .OrderByDescending(e => e.FinishedAt).Take(10)
            .Join(db.Workflows, e => e.WorkflowId, w => w.Id, (e, w) => new { e, w.Name })
            .ToListAsync(ct);
        var dayAgo = now.AddDays(-1);
        var lastDay = db.Executions.Where(e => e.CreatedAt > dayAgo);
        var byUser = await lastDay.GroupBy(e => e.OwnerId)
            .Select(g => new { Id = g.Key, Runs = g.LongCount(), Failed = g.LongCount(e => e.Status == ExecutionStatus.Failed) })
            .OrderByDescending(g => g.Runs).Take(TopCount)
            .Join(db.Users, g => g.Id, u => u.Id, (g, u) => new RunCount(g.Id, u.Email, g.Runs, g.Failed)).ToListAsync(ct);
        var byWorkflow = await lastDay.GroupBy(e => e.WorkflowId)
            .Select(g => new { Id = g.Key, Runs = g.LongCount(), Failed = g.LongCount(e => e.Status == ExecutionStatus.Failed) })
            .OrderByDescending(g => g.Runs).Take(TopCount)
            .Join(db.Workflows, g => g.Id, w => w.Id, (g, w) => new RunCount(g.Id, w.Name, g.Runs, g.Failed)).ToListAsync(ct);
        var sweep = services.GetService(typeof(StuckRunSweep)) as StuckRunSweep;
        return new SystemSnapshot(Telemetry.TelemetryServiceCollectionExtensions.Version, now, engines, queued, finished,
            failures.ConvertAll(f => new RecentFailure(f.e.Id, f.e.WorkflowId, f.Name, f.e.FailedNodeId,
                f.e.Error is { Length: > ErrorLength } text ? text[..ErrorLength] + "…" : f.e.Error, f.e.FinishedAt)),
            sweep?.Last, byUser.OrderByDescending(c => c.Runs).ToList(), byWorkflow.OrderByDescending(c => c.Runs).ToList());
    }
}
