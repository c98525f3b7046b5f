using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;
using Bronn.Core.Workflows;
using Bronn.Core.Workflows.Catalog;
using Bronn.Core.Workflows.Definitions;
using Bronn.Core.Workflows.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Execution;

/// <summary>
/// Runs one claimed execution from where it stands: steps that completed are read back, never run again; each new
/// step is persisted the moment it completes. Delays and retry back-offs park the execution as "waiting" with a
/// durable resume time instead of sleeping in memory.
/// </summary>
public sealed class ExecutionRunner(
    IDbContextFactory<BronnDbContext> contexts, NodeCatalog catalog, ExecutionLeases leases, TimeProvider clock, ILogger<ExecutionRunner> logger)
{
    public async Task RunAsync(Guid executionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var execution = await db.Executions.SingleAsync(e => e.Id == executionId, ct);
        var version = await db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.Id == execution.WorkflowVersionId, ct);
        var graph = new WorkflowGraph(WorkflowStore.Parse(version.Definition), catalog);
        var steps = await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == executionId).ToListAsync(ct);
        var done = steps.Where(s => s.Status != StepStatus.Failed).ToDictionary(s => s.NodeId);
        var trigger = JsonDocument.Parse(execution.TriggerData).RootElement;
        execution.StartedAt ??= clock.GetUtcNow();

        string? lastNode = null;
        foreach (var nodeId in graph.Order)
        {
            if (done.TryGetValue(nodeId, out var completed))
            {
                lastNode = completed.Status == StepStatus.Succeeded ? nodeId : lastNode;
                continue;
            }
            if (await leases.CancelRequestedAsync(db, executionId, ct))
            {
                await FinishAsync(db, execution, ExecutionStatus.Cancelled, null, null, ct);
                return;
            }
            var node = graph.Nodes[nodeId];
            if (nodeId != graph.Trigger.Id && !graph.Incoming[nodeId].Any(e => done.TryGetValue(e.From, out var s) && s.Status == StepStatus.Succeeded && s.Port == e.Port))
            {
                done[nodeId] = await SaveStepAsync(db, execution, node, StepStatus.Skipped, null, null, null, 0, clock.GetUtcNow(), ct);
                continue;
            }
            var outcome = await RunNodeAsync(db, execution, node, trigger, done, steps.Count(s => s.NodeId == nodeId && s.Status == StepStatus.Failed) + 1, ct);
            if (outcome is null)
            {
                return; // parked (waiting) or finished as failed/stopped
            }
            done[nodeId] = outcome;
            lastNode = nodeId;
        }
        await FinishAsync(db, execution, ExecutionStatus.Succeeded, lastNode is null ? null : done[lastNode].Output, null, ct);
    }

    /// <returns>The completed step, or null when the execution stops here (waiting, failed or filtered).</returns>
    private async Task<ExecutionStep?> RunNodeAsync(BronnDbContext db, Data.Execution execution, NodeDefinition node, JsonElement trigger,
        Dictionary<string, ExecutionStep> done, int attempt, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var resumingDelay = execution.WaitingNodeId == node.Id && execution.ResumeAt <= started;
        var outputs = done.Values.Where(s => s.Output is not null).ToDictionary(s => s.NodeId, s => JsonDocument.Parse(s.Output!).RootElement);
        var context = new NodeContext(execution.Id, execution.OwnerId, node, new ExpressionScope(execution.Id, trigger, outputs, started), trigger, started);
        try
        {
            var executor = catalog.FindType(node.Type) as INodeExecutor ?? throw new NodeFailedException($"Node type '{node.Type}' cannot run.", false);
            var result = resumingDelay ? NodeResult.Of(new { waitedUntil = execution.ResumeAt }) : await executor.ExecuteAsync(context, ct);
            if (result.Control == NodeControl.Wait)
            {
                await leases.ParkAsync(db, execution, result.ResumeAt!.Value, node.Id!, ct);
                return null;
            }
            var step = await SaveStepAsync(db, execution, node, StepStatus.Succeeded, result.Output.GetRawText(), result.Port, null, attempt, started, ct);
            if (result.Control == NodeControl.Stop)
            {
                await FinishAsync(db, execution, ExecutionStatus.Succeeded, step.Output, null, ct);
                return null;
            }
            return step;
        }
        catch (NodeFailedException ex)
        {
            await SaveStepAsync(db, execution, node, StepStatus.Failed, null, null, ex.Message, attempt, started, ct);
            var retry = RetryPolicy.For(node, catalog.Find(node.Type)!);
            if (ex.Retryable && attempt < retry.Attempts)
            {
                await leases.ParkAsync(db, execution, clock.GetUtcNow() + retry.DelayAfter(attempt), null, ct);
                return null;
            }
            execution.FailedNodeId = node.Id;
            await FinishAsync(db, execution, ExecutionStatus.Failed, null, $"Node '{node.Id}' failed after {attempt} attempt(s): {ex.Message}", ct);
            return null;
        }
    }

    private async Task<ExecutionStep> SaveStepAsync(BronnDbContext db, Data.Execution execution, NodeDefinition node, string status,
        string? output, string? port, string? error, int attempt, DateTimeOffset started, CancellationToken ct)
    {
        var step = new ExecutionStep
        {
            ExecutionId = execution.Id, NodeId = node.Id!, NodeType = node.Type!, Status = status, Attempt = attempt,
            Output = output, Port = port, Error = error, StartedAt = started, FinishedAt = clock.GetUtcNow(),
        };
        db.ExecutionSteps.Add(step);
        execution.LeaseExpiresAt = clock.GetUtcNow() + leases.Duration; // the checkpoint doubles as a heartbeat
        execution.WaitingNodeId = null;
        execution.ResumeAt = null;
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        db.Attach(execution);
        return step;
    }

    private async Task FinishAsync(BronnDbContext db, Data.Execution execution, string status, string? output, string? error, CancellationToken ct)
    {
        execution.Status = status;
        execution.Output = output;
        execution.Error = error;
        execution.FinishedAt = clock.GetUtcNow();
        execution.LeaseOwner = null;
        execution.LeaseExpiresAt = null;
        execution.ResumeAt = null;
        execution.WaitingNodeId = null;
        await db.SaveChangesAsync(ct);
        await leases.AnnounceFinishedAsync(db, execution.Id, ct);
        logger.LogInformation("Execution {ExecutionId} {Status}", execution.Id, status);
    }
}
