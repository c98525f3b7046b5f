using System.Collections.Concurrent;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Execution;

/// <summary>Published versions as runnable graphs. A published version never changes, so each is read and parsed once.</summary>
public sealed class PublishedGraphs(NodeCatalog catalog)
{
    private readonly ConcurrentDictionary<Guid, WorkflowGraph> graphs = new();

    /// <summary>The graph when it was read before: no database context needed.</summary>
    public WorkflowGraph? Find(Guid versionId) => graphs.GetValueOrDefault(versionId);

    public async Task<WorkflowGraph> GetAsync(BronnDbContext db, Guid versionId, CancellationToken ct)
    {
        if (!graphs.TryGetValue(versionId, out var graph))
        {
            var definition = await db.WorkflowVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => v.Definition).SingleAsync(ct);
            graph = graphs.GetOrAdd(versionId, new WorkflowGraph(WorkflowStore.Parse(definition), catalog));
        }
        return graph;
    }

    /// <summary>
    /// The trigger's step, complete the moment the execution exists (a trigger only hands on its data), so it is written
    /// in the same transaction as the execution rather than costing a checkpoint of its own.
    /// </summary>
    public static ExecutionStep TriggerStep(Execution.Data.Execution execution, NodeDefinition trigger) => new()
    {
        ExecutionId = execution.Id, NodeId = trigger.Id!, Key = Scheduling.Scheduler.KeyOf(trigger.Id!), NodeType = trigger.Type!, Status = StepStatus.Succeeded, Attempt = 1,
        Output = execution.TriggerData, Port = "main", StartedAt = execution.CreatedAt, FinishedAt = execution.CreatedAt,
    };
}
