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
    IDbContextFactory<BronnDbContext> contexts, NodeCatalog catalog, NodeInvoker invoker, PublishedGraphs graphs, ExecutionLeases leases, TimeProvider clock,
    Live.ExecutionChangeFeed changes, Microsoft.Extensions.Options.IOptions<EngineOptions> options, ILogger<ExecutionRunner> logger)
{
    public async Task RunAsync(Guid executionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One round trip for the execution and the steps it already has.
        var loaded = await db.Executions.AsNoTracking().Where(e => e.Id == executionId)
            .Select(e => new { Execution = e, Steps = db.ExecutionSteps.Where(s => s.ExecutionId == e.Id).ToList() }).SingleAsync(ct);
        db.Attach(loaded.Execution);
        changes.Publish(loaded.Execution); // claimed: it is running now
        await RunAsync(db, loaded.Execution, loaded.Steps, ct);
    }

    /// <summary>Runs an execution this process created already claimed (a webhook waiting for the result).</summary>
    /// <param name="steps">The steps written with it (its trigger's), so they need not be read back.</param>
    /// <returns>The execution as it stands afterwards: finished, or waiting for a timer.</returns>
    public async Task<Data.Execution> RunClaimedAsync(Data.Execution execution, IReadOnlyList<ExecutionStep> steps, CancellationToken ct)
    {
        using var heartbeat = new CancellationTokenSource();
        var renewing = leases.KeepAliveAsync(contexts, execution.Id, heartbeat.Token);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            db.Attach(execution);
            await RunAsync(db, execution, steps, ct);
            return execution;
        }
        finally
        {
            await heartbeat.CancelAsync();
            await renewing;
        }
    }

    private async Task RunAsync(BronnDbContext db, Data.Execution execution, IReadOnlyList<ExecutionStep> steps, CancellationToken ct)
    {
        var executionId = execution.Id;
        var graph = await GraphAsync(db, execution.WorkflowVersionId, ct);
        var done = steps.Where(s => s.Status != StepStatus.Failed).ToDictionary(s => s.NodeId);
        // Parsed once and grown as steps complete, rather than re-parsed for every node.
        var outputs = done.Values.Where(s => s.Output is not null).ToDictionary(s => s.NodeId, s => JsonDocument.Parse(s.Output!).RootElement);
        var trigger = JsonDocument.Parse(execution.TriggerData).RootElement;
        execution.StartedAt ??= clock.GetUtcNow();
        if (execution.CancelRequested)
        {
            await FinishAsync(db, execution, ExecutionStatus.Cancelled, null, null, ct);
            return;
        }
        if (execution.SchedulerVersion != Scheduling.Scheduler.Version)
        {
            await FinishAsync(db, execution, ExecutionStatus.Failed, null,
                $"This run was started under scheduler version {execution.SchedulerVersion}, which this engine (version {Scheduling.Scheduler.Version}) does not run.", ct);
            return;
        }
        if (execution.Crashes >= options.Value.MaxCrashes)
        {
            // The process running it died this often: most likely this run kills it. Failing it protects the engine.
            var at = graph.Order.FirstOrDefault(n => !done.ContainsKey(n));
            execution.FailedNodeId = at;
            await FinishAsync(db, execution, ExecutionStatus.Failed, null,
                $"The engine stopped {execution.Crashes} times while running this execution{(at is null ? "" : $" (at node '{at}')")}; " +
                $"it was failed so that it does not stop the engine again (Engine:MaxCrashes is {options.Value.MaxCrashes}).", ct);
            return;
        }

        // The scheduler decides what runs next from the recorded outcomes; this driver runs it, one node at a time.
        var recorded = Outcomes(graph, done.Values);
        while (true)
        {
            var decision = Scheduling.Scheduler.Decide(graph.Plan, recorded, NoneRunning);
            if (Scheduling.SequentialWalk.Next(graph.Plan.Order, decision) is not { } next)
            {
                var last = graph.Order.LastOrDefault(id => done.TryGetValue(id, out var step) && step.Status == StepStatus.Succeeded);
                await FinishAsync(db, execution, ExecutionStatus.Succeeded, last is null ? null : done[last].Output, null, ct);
                return;
            }
            var node = graph.Nodes[next.NodeId];
            var nodeId = node.Id!;
            if (next.Skip)
            {
                done[nodeId] = await SaveStepAsync(db, execution, node, StepStatus.Skipped, null, null, null, 0, clock.GetUtcNow(), commit: false, ct);
                recorded[nodeId] = Scheduling.NodeOutcome.Skipped(nodeId);
                continue;
            }
            // Cancellation lands before the next action (or at the end): pure nodes are cheap and harmless.
            if (IsAction(node) && await leases.CancelRequestedAsync(db, executionId, ct))
            {
                await FinishAsync(db, execution, ExecutionStatus.Cancelled, null, null, ct);
                return;
            }
            if (db.ChangeTracker.HasChanges())
            {
                await CheckpointAsync(db, execution, ct); // every completed step is stored before the next node runs
            }
            var outcome = await RunNodeAsync(db, execution, node, trigger, outputs, steps.Count(s => s.NodeId == nodeId && s.Status == StepStatus.Failed) + 1, ct);
            if (outcome is null)
            {
                return; // parked (waiting) or finished as failed/stopped
            }
            done[nodeId] = outcome;
            outputs[nodeId] = JsonDocument.Parse(outcome.Output!).RootElement;
            recorded[nodeId] = Outcome(outcome);
        }
    }

    private static readonly HashSet<string> NoneRunning = [];

    /// <summary>The run's error when a node fails for good (the Temporal interpreter words it the same way).</summary>
    public static string FailureMessage(string nodeId, NodeFailedException failure, int attempts) =>
        failure.IsUsersOwnMessage ? failure.Message : $"Node '{nodeId}' failed after {attempts} attempt(s): {failure.Message}";

    /// <summary>The recorded steps as the scheduler reads them: each node's settled outcome (failed attempts are not outcomes).</summary>
    private static Dictionary<string, Scheduling.NodeOutcome> Outcomes(WorkflowGraph graph, IEnumerable<ExecutionStep> settled) =>
        settled.Where(s => graph.Nodes.ContainsKey(s.NodeId)).ToDictionary(s => s.NodeId, Outcome, StringComparer.Ordinal);

    /// <summary>Today every node emits one item, on the port its step left by.</summary>
    private static Scheduling.NodeOutcome Outcome(ExecutionStep step) => step.Status == StepStatus.Skipped
        ? Scheduling.NodeOutcome.Skipped(step.NodeId)
        : Scheduling.NodeOutcome.Succeeded(step.NodeId, step.Port ?? "main", 1);

    private static string? Input(NodeContext context) =>
        context.RenderedInput.Count == 0 ? null : JsonSerializer.Serialize(context.RenderedInput);

    /// <summary>
    /// For the Temporal backend: runs one node of an execution and records its step, with no retry or parking of its
    /// own (Temporal's activity retry policy and timers do that). A completed node is not run again.
    /// </summary>
    public async Task<StepOutcome> RunOneNodeAsync(Guid executionId, string nodeId, bool skip, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var execution = await db.Executions.SingleAsync(e => e.Id == executionId, ct);
        var graph = await GraphAsync(db, execution.WorkflowVersionId, ct);
        var steps = await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == executionId).ToListAsync(ct);
        var done = steps.Where(s => s.Status != StepStatus.Failed).ToDictionary(s => s.NodeId);
        if (done.TryGetValue(nodeId, out var existing))
        {
            return new StepOutcome(existing.Status, existing.Port, Stop: false);
        }
        if (execution.CancelRequested || ExecutionStatus.IsFinished(execution.Status))
        {
            // Cancelled meanwhile: this node does not run, and the workflow ends as cancelled.
            return new StepOutcome(ExecutionStatus.Cancelled, null, Stop: true, Cancelled: true);
        }
        var node = graph.Nodes[nodeId];
        var started = clock.GetUtcNow();
        execution.Status = ExecutionStatus.Running;
        execution.StartedAt ??= started;
        if (skip)
        {
            await SaveStepAsync(db, execution, node, StepStatus.Skipped, null, null, null, 0, started, commit: true, ct);
            return new StepOutcome(StepStatus.Skipped, null, Stop: false);
        }
        var trigger = JsonDocument.Parse(execution.TriggerData).RootElement;
        var outputs = done.Values.Where(s => s.Output is not null).ToDictionary(s => s.NodeId, s => JsonDocument.Parse(s.Output!).RootElement);
        var context = new NodeContext(execution.Id, execution.OwnerId, node, new ExpressionScope(execution.Id, trigger, outputs, started), trigger, started);
        var attempt = steps.Count(s => s.NodeId == nodeId) + 1;
        try
        {
            // A wait already happened as a Temporal timer before this activity: only its output is left to record.
            var result = catalog.FindType(node.Type ?? "") is IDurableWait wait ? wait.Waited(started) : await invoker.InvokeAsync(context, ct);
            await SaveStepAsync(db, execution, node, StepStatus.Succeeded, result.Output.GetRawText(), result.Port, null, attempt, started, commit: true, ct, Input(context));
            return new StepOutcome(StepStatus.Succeeded, result.Port, result.Control == NodeControl.Stop);
        }
        catch (NodeFailedException ex)
        {
            await SaveStepAsync(db, execution, node, StepStatus.Failed, null, null, ex.Message, attempt, started, commit: true, ct, Input(context));
            throw;
        }
    }

    /// <summary>For the Temporal backend: records how the execution ended.</summary>
    public async Task FinishAsync(Guid executionId, string status, string? error, string? failedNodeId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var execution = await db.Executions.SingleAsync(e => e.Id == executionId, ct);
        if (ExecutionStatus.IsFinished(execution.Status))
        {
            return; // cancelled (or ended) meanwhile: how it ended stands
        }
        if (execution.CancelRequested)
        {
            status = ExecutionStatus.Cancelled;
        }
        var last = await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == executionId && s.Status == StepStatus.Succeeded)
            .OrderByDescending(s => s.Id).Select(s => s.Output).FirstOrDefaultAsync(ct);
        execution.FailedNodeId = failedNodeId;
        await FinishAsync(db, execution, status, status == ExecutionStatus.Succeeded ? last : null, error, ct);
    }

    public async Task<WorkflowGraph> GraphForAsync(Guid executionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var versionId = await db.Executions.Where(e => e.Id == executionId).Select(e => e.WorkflowVersionId).SingleAsync(ct);
        return await GraphAsync(db, versionId, ct);
    }

    private bool IsAction(NodeDefinition node) => catalog.Find(node.Type)?.Category == NodeCategory.Action;

    private Task<WorkflowGraph> GraphAsync(BronnDbContext db, Guid versionId, CancellationToken ct) => graphs.GetAsync(db, versionId, ct);

    /// <returns>The completed step, or null when the execution stops here (waiting, failed or filtered).</returns>
    private async Task<ExecutionStep?> RunNodeAsync(BronnDbContext db, Data.Execution execution, NodeDefinition node, JsonElement trigger,
        IReadOnlyDictionary<string, JsonElement> outputs, int attempt, CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var resumingDelay = execution.WaitingNodeId == node.Id && execution.ResumeAt <= started;
        var context = new NodeContext(execution.Id, execution.OwnerId, node, new ExpressionScope(execution.Id, trigger, outputs, started), trigger, started);
        try
        {
            var result = resumingDelay && catalog.FindType(node.Type ?? "") is IDurableWait wait
                ? wait.Waited(execution.ResumeAt!.Value)
                : await invoker.InvokeAsync(context, ct);
            if (result.Control == NodeControl.Wait)
            {
                await leases.ParkAsync(db, execution, result.ResumeAt!.Value, node.Id!, ct);
                changes.Publish(execution);
                return null;
            }
            // An action's result is committed at once (its effect happened). A pure node's is committed before the next
            // node runs, or with the execution's end when it is the last: no work happens in between either way.
            var step = await SaveStepAsync(db, execution, node, StepStatus.Succeeded, result.Output.GetRawText(), result.Port, null, attempt, started, commit: IsAction(node), ct, Input(context));
            if (result.Control == NodeControl.Stop)
            {
                await FinishAsync(db, execution, ExecutionStatus.Succeeded, step.Output, null, ct);
                return null;
            }
            return step;
        }
        catch (NodeFailedException ex)
        {
            await SaveStepAsync(db, execution, node, StepStatus.Failed, null, null, ex.Message, attempt, started, commit: true, ct, Input(context));
            var retry = RetryPolicy.For(node, catalog.Find(node.Type)!);
            if (ex.Retryable && attempt < retry.Attempts)
            {
                await leases.ParkAsync(db, execution, clock.GetUtcNow() + retry.DelayAfter(attempt), null, ct);
                changes.Publish(execution);
                return null;
            }
            execution.FailedNodeId = node.Id;
            await FinishAsync(db, execution, ExecutionStatus.Failed, null, FailureMessage(node.Id!, ex, attempt), ct);
            return null;
        }
    }

    private async Task<ExecutionStep> SaveStepAsync(BronnDbContext db, Data.Execution execution, NodeDefinition node, string status,
        string? output, string? port, string? error, int attempt, DateTimeOffset started, bool commit, CancellationToken ct, string? input = null)
    {
        var step = new ExecutionStep
        {
            ExecutionId = execution.Id, NodeId = node.Id!, Key = Scheduling.Scheduler.KeyOf(node.Id!), NodeType = node.Type!, Status = status, Attempt = attempt, Input = input,
            Output = output, Port = port, Error = error, StartedAt = started, FinishedAt = clock.GetUtcNow(),
        };
        db.ExecutionSteps.Add(step);
        if (execution.LeaseOwner is not null)
        {
            // The checkpoint doubles as a heartbeat. A Temporal-run execution has no owner and no lease: an expiry
            // without an owner would look to embedded engines like a lapsed lease to claim.
            execution.LeaseExpiresAt = clock.GetUtcNow() + leases.Duration;
        }
        execution.WaitingNodeId = null;
        execution.ResumeAt = null;
        if (commit)
        {
            await CheckpointAsync(db, execution, ct);
        }
        return step;
    }

    private async Task CheckpointAsync(BronnDbContext db, Data.Execution execution, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        db.Attach(execution);
        changes.Publish(execution);
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
        changes.Publish(execution);
        logger.LogDebug("Execution {ExecutionId} {Status}", execution.Id, status);
    }
}
