using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Execution;

public sealed record LastRun(Guid WorkflowId, Guid ExecutionId, string Status, DateTimeOffset At);

public sealed record StartedRun(Data.Execution Execution, IReadOnlyList<ExecutionStep> Steps);

/// <param name="From">Started at or after (inclusive).</param>
/// <param name="To">Started before (exclusive).</param>
/// <param name="Search">Text found in the run's trigger data or output (case-insensitive).</param>
public sealed record ExecutionQuery(Guid? WorkflowId, string? Status, int Page, int PageSize, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? Search = null);

public enum ChangeOutcome { Done, NotFound, NotAllowed }

/// <summary>Starting, reading, cancelling and retrying executions, scoped like workflows (owners; admins read all).</summary>
public sealed class ExecutionService(
    IDbContextFactory<BronnDbContext> contexts, PublishedGraphs graphs, IExecutionLauncher launcher, ExecutionLeases leases, TimeProvider clock,
    Live.ExecutionChangeFeed changes, Writes.ExecutionWriteBatcher batcher)
{
    public const int MaxPageSize = 500;

    /// <summary>Queues a run of the workflow's published version.</summary>
    public Task<Data.Execution> StartAsync(Workflow workflow, string triggerType, JsonElement triggerData, CancellationToken ct = default) =>
        StartVersionAsync(workflow, workflow.PublishedVersionId!.Value, triggerType, triggerData, ct);

    /// <summary>Queues a run of one version of the workflow (a test run of a draft snapshot, for one).</summary>
    public async Task<Data.Execution> StartVersionAsync(Workflow workflow, Guid versionId, string triggerType, JsonElement triggerData, CancellationToken ct = default) =>
        (await CreateAsync(workflow, versionId, triggerType, triggerData, claim: false, ct)).Execution;

    /// <summary>
    /// Creates a run already claimed by this process, to run it at once (see ExecutionRunner.RunClaimedAsync); if this
    /// process dies, the lease lapses and any engine resumes it. When Temporal runs executions it is queued instead.
    /// </summary>
    public Task<StartedRun> StartClaimedAsync(Workflow workflow, string triggerType, JsonElement triggerData, CancellationToken ct = default) =>
        CreateAsync(workflow, workflow.PublishedVersionId!.Value, triggerType, triggerData, launcher.RunsInProcess, ct);

    /// <summary>
    /// A run of a workflow whose published plan is pure after its trigger, created in memory only: the caller runs it
    /// (ExecutionRunner.RunClaimedAsync with stored: false) and it is stored once, finished. Null when the plan is not
    /// pure or this process does not run executions itself; then start it the usual way.
    /// </summary>
    public async Task<StartedRun?> CreateInMemoryAsync(Workflow workflow, string triggerType, JsonElement triggerData, CancellationToken ct = default)
    {
        if (!launcher.RunsInProcess)
        {
            return null;
        }
        var versionId = workflow.PublishedVersionId!.Value;
        var graph = await GraphAsync(versionId, ct);
        if (!graph.RunsInMemory)
        {
            return null;
        }
        var (execution, triggerStep) = NewExecutions.Create(workflow.Id, workflow.OwnerId, versionId, graph, triggerType, triggerData, clock.GetUtcNow(),
            leases.Owner, leases.Duration);
        return new StartedRun(execution, [triggerStep]);
    }

    private async Task<StartedRun> CreateAsync(Workflow workflow, Guid versionId, string triggerType, JsonElement triggerData, bool claim, CancellationToken ct)
    {
        var graph = await GraphAsync(versionId, ct);
        var (execution, triggerStep) = NewExecutions.Create(workflow.Id, workflow.OwnerId, versionId, graph, triggerType, triggerData, clock.GetUtcNow(),
            claim ? leases.Owner : null, leases.Duration);
        await batcher.WriteAsync([execution], [triggerStep]); // group-committed with other starts
        changes.Publish(execution);
        if (!claim)
        {
            await launcher.LaunchAsync(execution.Id, ct);
        }
        return new StartedRun(execution, [triggerStep]);
    }

    /// <summary>The version's graph, from memory once it was read.</summary>
    private async Task<WorkflowGraph> GraphAsync(Guid versionId, CancellationToken ct)
    {
        if (graphs.Find(versionId) is { } known)
        {
            return known;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await graphs.GetAsync(db, versionId, ct);
    }

    /// <summary>The latest execution of each of these workflows (for lists), by workflow id.</summary>
    public async Task<Dictionary<Guid, LastRun>> LastRunsAsync(IReadOnlyCollection<Guid> workflowIds, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Executions.AsNoTracking().Where(e => workflowIds.Contains(e.WorkflowId))
            .GroupBy(e => e.WorkflowId)
            .Select(g => g.OrderByDescending(e => e.CreatedAt).Select(e => new LastRun(e.WorkflowId, e.Id, e.Status, e.CreatedAt)).First())
            .ToDictionaryAsync(r => r.WorkflowId, ct);
    }

    public async Task<(Data.Execution Execution, List<ExecutionStep> Steps)?> GetAsync(Guid id, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var execution = await Visible(db, caller).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (execution is null)
        {
            return null;
        }
        var steps = await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == id).OrderBy(s => s.Id).ToListAsync(ct);
        return (execution, steps);
    }

    /// <summary>The runs this one started (the workflows it called, its error workflow's run), oldest first.</summary>
    public async Task<List<(Guid Id, Guid WorkflowId, string TriggerType, string Status)>> StartedByAsync(Guid id, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await Visible(db, caller).Where(e => e.ParentExecutionId == id).OrderBy(e => e.CreatedAt)
            .Select(e => new { e.Id, e.WorkflowId, e.TriggerType, e.Status }).ToListAsync(ct);
        return rows.ConvertAll(r => (r.Id, r.WorkflowId, r.TriggerType, r.Status));
    }

    /// <summary>
    /// The number of the version a run ran (<see cref="WorkflowStore.TestVersionNumber"/> for a test run of a draft), and
    /// the names people gave its nodes, by node id (nodes left with their type's name are not listed).
    /// </summary>
    public async Task<(int? Number, IReadOnlyDictionary<string, string> NodeNames)> VersionAsync(Guid versionId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var version = await db.WorkflowVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => new { v.Number, v.Definition }).FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return (null, new Dictionary<string, string>());
        }
        var names = WorkflowStore.Parse(version.Definition).Nodes?
            .Where(n => n.Id is not null && !string.IsNullOrWhiteSpace(n.Name))
            .DistinctBy(n => n.Id)
            .ToDictionary(n => n.Id!, n => n.Name!.Trim(), StringComparer.Ordinal);
        return (version.Number, names ?? new Dictionary<string, string>());
    }

    public async Task<(List<Data.Execution> Items, int Total)> ListAsync(ExecutionQuery query, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var executions = Visible(db, caller);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // The JSON as text: what a person remembers of a run ("ann@example.com", an order number) is somewhere in it.
            var pattern = "%" + query.Search.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%";
            var matching = db.Executions.FromSql($"SELECT * FROM executions WHERE trigger_data::text ILIKE {pattern} OR output::text ILIKE {pattern}");
            executions = executions.Where(e => matching.Any(m => m.Id == e.Id));
        }
        if (query.WorkflowId is { } workflowId)
        {
            executions = executions.Where(e => e.WorkflowId == workflowId);
        }
        if (!string.IsNullOrEmpty(query.Status))
        {
            executions = executions.Where(e => e.Status == query.Status);
        }
        if (query.From is { } from)
        {
            executions = executions.Where(e => e.CreatedAt >= from);
        }
        if (query.To is { } to)
        {
            executions = executions.Where(e => e.CreatedAt < to);
        }
        var total = await executions.CountAsync(ct);
        var items = await executions.OrderByDescending(e => e.CreatedAt)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>Queued or waiting executions stop at once; a running one at its next step boundary.</summary>
    public async Task<ChangeOutcome> CancelAsync(Guid id, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var execution = await db.Executions.SingleOrDefaultAsync(e => e.Id == id && e.OwnerId == caller.UserId, ct);
        if (execution is null)
        {
            return ChangeOutcome.NotFound;
        }
        if (ExecutionStatus.IsFinished(execution.Status))
        {
            return ChangeOutcome.NotAllowed;
        }
        execution.CancelRequested = true;
        // Queued, waiting, or running with no live engine (its lease lapsed: a stuck run) stop at once.
        if (execution.Status is ExecutionStatus.Queued or ExecutionStatus.Waiting
            || execution.LeaseExpiresAt is null || execution.LeaseExpiresAt < clock.GetUtcNow())
        {
            execution.Status = ExecutionStatus.Cancelled;
            execution.FinishedAt = clock.GetUtcNow();
            execution.LeaseOwner = null;
            execution.LeaseExpiresAt = null;
        }
        await db.SaveChangesAsync(ct);
        changes.Publish(execution);
        return ChangeOutcome.Done;
    }

    /// <summary>Runs a failed execution again from the step that failed; completed steps keep their outputs.</summary>
    public async Task<ChangeOutcome> RetryAsync(Guid id, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var updated = await db.Executions.Where(e => e.Id == id && e.OwnerId == caller.UserId && e.Status == ExecutionStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExecutionStatus.Queued).SetProperty(e => e.Error, (string?)null)
                .SetProperty(e => e.FailedNodeId, (string?)null).SetProperty(e => e.FinishedAt, (DateTimeOffset?)null), ct);
        if (updated == 1)
        {
            var execution = await db.Executions.AsNoTracking().SingleAsync(e => e.Id == id, ct);
            changes.Publish(execution);
            await launcher.LaunchAsync(id, ct);
            return ChangeOutcome.Done;
        }
        return await db.Executions.AnyAsync(e => e.Id == id && e.OwnerId == caller.UserId, ct) ? ChangeOutcome.NotAllowed : ChangeOutcome.NotFound;
    }

    /// <summary>
    /// Runs a failed execution again from the step that failed, with the workflow's published version now (a fix
    /// published after the failure applies to it); completed steps keep their outputs. The trigger must be the same node.
    /// </summary>
    public async Task<(ChangeOutcome Outcome, string? Reason)> RetryWithPublishedAsync(Guid id, WorkflowCaller caller, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var execution = await db.Executions.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.OwnerId == caller.UserId, ct);
        if (execution is null)
        {
            return (ChangeOutcome.NotFound, null);
        }
        if (execution.Status != ExecutionStatus.Failed)
        {
            return (ChangeOutcome.NotAllowed, "Only a failed execution can be retried.");
        }
        var published = await db.Workflows.Where(w => w.Id == execution.WorkflowId).Select(w => w.PublishedVersionId).SingleOrDefaultAsync(ct);
        if (published is not { } versionId)
        {
            return (ChangeOutcome.NotAllowed, "The workflow has no published version to retry with.");
        }
        var ran = await graphs.GetAsync(db, execution.WorkflowVersionId, ct);
        var current = await graphs.GetAsync(db, versionId, ct);
        if (ran.Trigger.Id != current.Trigger.Id)
        {
            return (ChangeOutcome.NotAllowed,
                $"The published version starts with another trigger ('{current.Trigger.Id}', the run had '{ran.Trigger.Id}'): retry with the version it ran, or start a new run.");
        }
        await db.Executions.Where(e => e.Id == id && e.Status == ExecutionStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.WorkflowVersionId, versionId), ct);
        var outcome = await RetryAsync(id, caller, ct);
        return (outcome, outcome == ChangeOutcome.NotAllowed ? "Only a failed execution can be retried." : null);
    }

    /// <returns>The finished execution, or null when it did not finish within <paramref name="timeout"/>.</returns>
    public async Task<Data.Execution?> WaitForFinishAsync(Guid id, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = clock.GetUtcNow() + timeout;
        // Woken by the change feed (this process's runs at once, other processes' through NOTIFY), not by polling.
        using var changed = new SemaphoreSlim(0);
        void OnChange(Live.ExecutionChange change)
        {
            if (changed.CurrentCount == 0)
            {
                changed.Release();
            }
        }
        using var watching = changes.WatchExecution(id, OnChange); // before the first read: a finish between the two cannot be missed
        while (true)
        {
            await using (var db = await contexts.CreateDbContextAsync(ct))
            {
                // Not there yet: a run held in memory is stored once it finishes (a repeated webhook delivery may wait for one).
                var execution = await db.Executions.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
                if (execution is not null && ExecutionStatus.IsFinished(execution.Status))
                {
                    return execution;
                }
            }
            var left = deadline - clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }
            // Timing out reads once more (a notification lost while LISTEN reconnected), then gives up.
            if (!await changed.WaitAsync(left, ct))
            {
                deadline = clock.GetUtcNow();
            }
        }
    }

    private static IQueryable<Data.Execution> Visible(BronnDbContext db, WorkflowCaller caller) =>
        caller.IsAdmin ? db.Executions.AsNoTracking() : db.Executions.AsNoTracking().Where(e => e.OwnerId == caller.UserId);
}
