using System.Text.Json;
using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Execution.Testing;
using Bronn.Core.Workflows.Catalog.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution.ErrorWorkflows;

/// <summary>
/// When a run fails, queues one run of its workflow's error workflow (settings.errorWorkflow) in the same transaction
/// that records the failure: the failure and the error run are stored together or not at all, so the error workflow
/// runs exactly once per failed run, whichever engine records it and whatever crashes after. Never for builder test
/// runs, nor for runs an error trigger started (an error workflow that fails does not call itself).
/// </summary>
public sealed class ErrorWorkflowRuns(PublishedGraphs graphs, IOptions<BronnOptions> bronn, TimeProvider clock, ILogger<ErrorWorkflowRuns> logger)
{
    /// <returns>The queued run (added to <paramref name="db"/>, not yet saved), or null when there is none to start.</returns>
    public async Task<Data.Execution?> AddAsync(BronnDbContext db, Data.Execution failed, CancellationToken ct)
    {
        if (failed.TriggerType is DraftRuns.TriggerType or ErrorTriggerNode.TriggerType)
        {
            return null;
        }
        var graph = await graphs.GetAsync(db, failed.WorkflowVersionId, ct);
        if (!Guid.TryParse(graph.Settings?.ErrorWorkflow, out var errorWorkflowId))
        {
            return null;
        }
        var workflows = await db.Workflows.AsNoTracking().Where(w => w.Id == errorWorkflowId || w.Id == failed.WorkflowId)
            .Select(w => new { w.Id, w.Name, w.OwnerId, w.PublishedVersionId }).ToListAsync(ct);
        var target = workflows.FirstOrDefault(w => w.Id == errorWorkflowId && w.OwnerId == failed.OwnerId);
        var targetGraph = target?.PublishedVersionId is { } versionId ? await graphs.GetAsync(db, versionId, ct) : null;
        if (target is null || targetGraph?.Trigger.Type != ErrorTriggerNode.Type)
        {
            // Checked on publish; deleted, unpublished or changed since. The failure itself is recorded as usual.
            logger.LogWarning("Execution {ExecutionId} failed; its error workflow {ErrorWorkflowId} is not a published workflow with an error trigger of its owner",
                failed.Id, errorWorkflowId);
            return null;
        }
        var data = JsonSerializer.SerializeToElement(new
        {
            execution = new { id = failed.Id, url = $"{bronn.Value.PublicBaseUrl.TrimEnd('/')}/executions/{failed.Id}" },
            workflow = new { id = failed.WorkflowId, name = workflows.FirstOrDefault(w => w.Id == failed.WorkflowId)?.Name },
            error = new { message = failed.Error, node = failed.FailedNodeId },
        });
        var (run, triggerStep) = NewExecutions.Create(target.Id, target.OwnerId, target.PublishedVersionId!.Value, targetGraph, ErrorTriggerNode.TriggerType,
            data, clock.GetUtcNow(), parent: failed.Id);
        db.Executions.Add(run);
        db.ExecutionSteps.Add(triggerStep);
        return run;
    }
}
