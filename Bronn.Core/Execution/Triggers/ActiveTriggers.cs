using System.Collections.Concurrent;
using Bronn.Core.Data;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Data;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Hooks;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Execution.Triggers;

/// <summary>
/// The active workflows whose published version starts with a given trigger, for the pollers. The list is kept in
/// memory until <see cref="WorkflowChanges"/> says it changed (or a minute passed, should a notification be missed), and
/// published versions never change, so a poller's tick reads nothing from the database.
/// </summary>
public sealed class ActiveTriggers(WorkflowChanges changes, TimeProvider clock)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, WorkflowDefinition> published = new();
    private volatile Snapshot? current;

    private sealed record Snapshot(List<Workflow> Active, long Generation, DateTimeOffset Until);

    public async Task<List<(Workflow Workflow, WorkflowDefinition Definition, NodeDefinition Trigger)>> ListAsync(
        BronnDbContext db, string triggerType, CancellationToken ct)
    {
        var active = await ActiveAsync(db, ct);
        var result = new List<(Workflow, WorkflowDefinition, NodeDefinition)>();
        foreach (var workflow in active)
        {
            if (published.TryGetValue(workflow.PublishedVersionId!.Value, out var definition)
                && definition.Nodes?.FirstOrDefault(n => n.Type == triggerType) is { } trigger)
            {
                result.Add((workflow, definition, trigger));
            }
        }
        return result;
    }

    private async Task<List<Workflow>> ActiveAsync(BronnDbContext db, CancellationToken ct)
    {
        var snapshot = current;
        if (snapshot is not null && snapshot.Generation == changes.Generation && snapshot.Until > clock.GetUtcNow())
        {
            return snapshot.Active;
        }
        var generation = changes.Generation; // before reading: a change landing meanwhile makes the next tick read again
        var active = await db.Workflows.AsNoTracking().Where(w => w.Active && w.PublishedVersionId != null).ToListAsync(ct);
        var missing = active.Select(w => w.PublishedVersionId!.Value).Where(id => !published.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var version in await db.WorkflowVersions.AsNoTracking().Where(v => missing.Contains(v.Id)).Select(v => new { v.Id, v.Definition }).ToListAsync(ct))
            {
                published.TryAdd(version.Id, WorkflowStore.Parse(version.Definition));
            }
        }
        current = new Snapshot(active, generation, clock.GetUtcNow() + KeepFor);
        return active;
    }
}
