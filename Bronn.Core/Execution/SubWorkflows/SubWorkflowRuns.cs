using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows.Catalog.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Execution.SubWorkflows;

/// <summary>How a called run stands for its caller: still going, or finished with its result items or its error.</summary>
public sealed record ChildOutcome(Guid ExecutionId, string Status, IReadOnlyList<JsonElement> Items, string? Error)
{
    public bool Finished => ExecutionStatus.IsFinished(Status);
}

/// <summary>
/// Runs of a workflow started by another run's workflow.execute step. A child's id is derived from the parent run and
/// the step's key, so a retried or resumed parent finds the child it started instead of starting another.
/// </summary>
public sealed class SubWorkflowRuns(IDbContextFactory<BronnDbContext> contexts, PublishedGraphs graphs, TimeProvider clock)
{
    /// <summary>How deep calls may nest (a loop of calls stops here).</summary>
    public const int MaxDepth = 8;

    public static Guid ChildIdOf(Guid parentExecutionId, string stepKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"bronn-sub-workflow/{parentExecutionId:N}/{stepKey}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: a name-derived id
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>The child this step started, or a new one (queued: the caller launches it).</summary>
    /// <returns>The child, and whether it was created just now.</returns>
    public async Task<(Data.Execution Child, bool Created)> StartAsync(Guid parentExecutionId, Guid ownerId, string stepKey, Guid workflowId, JsonElement input,
        CancellationToken ct)
    {
        var childId = ChildIdOf(parentExecutionId, stepKey);
        if (await FindAsync(childId, ct) is { } existing)
        {
            return (existing, false);
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var target = await db.Workflows.AsNoTracking().Where(w => w.Id == workflowId && w.OwnerId == ownerId)
            .Select(w => new { w.Id, w.Name, w.OwnerId, w.PublishedVersionId }).SingleOrDefaultAsync(ct)
            ?? throw new NodeFailedException($"The workflow {workflowId} is not one of yours (or was deleted).", retryable: false);
        var graph = target.PublishedVersionId is { } versionId ? await graphs.GetAsync(db, versionId, ct) : null;
        if (graph?.Trigger.Type != WorkflowCalledTriggerNode.Type)
        {
            throw new NodeFailedException($"The workflow '{target.Name}' cannot be called: its published version must start with 'Called by a workflow'.", retryable: false);
        }
        if (await DepthAsync(db, parentExecutionId, ct) >= MaxDepth)
        {
            throw new NodeFailedException($"Calling '{target.Name}' would nest workflows more than {MaxDepth} deep: do these workflows call each other in a loop?", retryable: false);
        }
        var (child, triggerStep) = NewExecutions.Create(target.Id, target.OwnerId, target.PublishedVersionId!.Value, graph,
            WorkflowCalledTriggerNode.TriggerType, JsonSerializer.SerializeToElement(new { input }), clock.GetUtcNow(), parent: parentExecutionId);
        child.Id = childId;
        triggerStep.ExecutionId = childId;
        db.Executions.Add(child);
        db.ExecutionSteps.Add(triggerStep);
        try
        {
            await db.SaveChangesAsync(ct);
            return (child, true);
        }
        catch (DbUpdateException)
        {
            // Another attempt of the same step created it meanwhile (the same id); anything else is a real failure.
            return (await FindAsync(childId, ct) ?? throw new NodeFailedException("The called workflow's run could not be stored.", retryable: true), false);
        }
    }

    /// <summary>The child's status and, once it succeeded, the items of its last node that emitted any.</summary>
    public async Task<ChildOutcome> OutcomeAsync(Guid childId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var child = await db.Executions.AsNoTracking().SingleAsync(e => e.Id == childId, ct);
        if (child.Status != ExecutionStatus.Succeeded)
        {
            return new ChildOutcome(child.Id, child.Status, [], child.Error);
        }
        var graph = await graphs.GetAsync(db, child.WorkflowVersionId, ct);
        var record = new RunRecord(await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == childId).ToListAsync(ct));
        return new ChildOutcome(child.Id, child.Status, RunResults.LastItems(graph, record).Select(i => i.Json).ToList(), null);
    }

    /// <summary>How many calls led to this run (0 for a run its own trigger started).</summary>
    private static async Task<int> DepthAsync(BronnDbContext db, Guid executionId, CancellationToken ct)
    {
        var depth = 0;
        Guid? current = executionId;
        while (depth <= MaxDepth && current is { } id)
        {
            var row = await db.Executions.AsNoTracking().Where(e => e.Id == id).Select(e => new { e.ParentExecutionId, e.TriggerType }).SingleOrDefaultAsync(ct);
            if (row?.TriggerType != WorkflowCalledTriggerNode.TriggerType)
            {
                break;
            }
            depth++;
            current = row.ParentExecutionId;
        }
        return depth;
    }

    private async Task<Data.Execution?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Executions.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
    }
}
