using System.Collections.Concurrent;
using Bronn.Core.Data;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Data;
using Bronn.Core.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Execution.Triggers;

/// <summary>
/// The active workflows whose published version starts with a given trigger, for the pollers. Published versions
/// never change, so each is read and parsed once per process instead of on every tick.
/// </summary>
public sealed class ActiveTriggers
{
    private readonly ConcurrentDictionary<Guid, WorkflowDefinition> published = new();

    public async Task<List<(Workflow Workflow, WorkflowDefinition Definition, NodeDefinition Trigger)>> ListAsync(
        BronnDbContext db, string triggerType, CancellationToken ct)
    {
        var active = await db.Workflows.AsNoTracking().Where(w => w.Active && w.PublishedVersionId != null).ToListAsync(ct);
        var missing = active.Select(w => w.PublishedVersionId!.Value).Where(id => !published.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var version in await db.WorkflowVersions.AsNoTracking().Where(v => missing.Contains(v.Id)).Select(v => new { v.Id, v.Definition }).ToListAsync(ct))
            {
                published.TryAdd(version.Id, WorkflowStore.Parse(version.Definition));
            }
        }
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
}
