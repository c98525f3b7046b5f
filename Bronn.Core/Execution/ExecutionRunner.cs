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
public sealed partial class ExecutionRunner(
    IDbContextFactory<BronnDbContext> contexts, NodeCatalog catalog, NodeInvoker invoker, PublishedGraphs graphs, ExecutionLeases leases, TimeProvider clock,
    Live.ExecutionChangeFeed changes, Microsoft.Extensions.Options.IOptions<EngineOptions> options, ErrorWorkflows.ErrorWorkflowRuns errorRuns,
    IExecutionLauncher launcher, Writes.ExecutionWriteBatcher batcher, ILogger<ExecutionRunner> logger)
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
    /// <param name="stored">
    /// False for a run made in memory (<see cref="WorkflowGraph.RunsInMemory"/>): nothing is written until it ends, then
    /// the execution and all its steps at once, batched with other runs' (a failure on the way stores it as usual).
    /// </param>
    /// <returns>The execution as it stands afterwards: finished, or waiting for a timer.</returns>
    public async Task<Data.Execution> RunClaimedAsync(Data.Execution execution, IReadOnlyList<ExecutionStep> steps, CancellationToken ct, bool stored = true)
    {
        using var heartbeat = new CancellationTokenSource();
        var renewing = leases.KeepAliveAsync(contexts, execution.Id, heartbeat.Token);
        try
        {
            return await RunHeldAsync(execution, steps, ct, stored);
        }
        finally
        {
            await heartbeat.CancelAsync();
            await renewing;
        }
    }

    /// <summary>As <see cref="RunClaimedAsync"/>, for a driver that renews the lease itself (<see cref="InProcessRuns"/>).</summary>
    public async Task<Data.Execution> RunHeldAsync(Data.Execution execution, IReadOnlyList<ExecutionStep> steps, CancellationToken ct, bool stored = true)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (stored)
        {
            db.Attach(execution);
        }
        else
        {
            db.Executions.Add(execution);
            db.ExecutionSteps.AddRange(steps);
        }
        await RunAsync(db, execution, steps, ct);
        return execution;
    }

    private async Task RunAsync(BronnDbContext db, Data.Execution execution, IReadOnlyList<ExecutionStep> steps, CancellationToken ct)
    {
        var executionId = execution.Id;
        using var logScope = ExecutionLogScope.Begin(logger, executionId);
        using var span = Telemetry.ExecutionTraces.StartRun(executionId, execution.TraceParent, execution.TriggerType);
        var graph = await GraphAsync(db, execution.WorkflowVersionId, ct);
        var record = new RunRecord(steps);
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
        var recorded = record.Outcomes();
        if (execution.Crashes >= options.Value.MaxCrashes)
        {
            // The process running it died this often: most likely this run kills it. Failing it protects the engine.
            var at = graph.Order.FirstOrDefault(n => !recorded.ContainsKey(n));
            execution.FailedNodeId = at;
            await FinishAsync(db, execution, ExecutionStatus.Failed, null,
                $"The engine stopped {execution.Crashes} times in a row, with no step finished in between, while running this execution{(at is null ? "" : $" (at node '{at}')")}; " +
                $"it was failed so that it does not stop the engine again (Engine:MaxCrashes is {options.Value.MaxCrashes}).", ct);
            return;
        }

        using var run = new RunSession(db, execution, graph, record, trigger);
        await WalkAsync(run, recorded, ct);
    }

    /// <summary>A finished run's output, on both engines: the first item of the last node (in plan order) that emitted one.</summary>
    private static string? RunOutput(WorkflowGraph graph, RunRecord record) => RunResults.Output(graph, record);

    /// <summary>The run's error when a node fails for good (the Temporal interpreter words it the same way).</summary>
    public static string FailureMessage(string nodeId, NodeFailedException failure, int attempts) =>
        failure.IsUsersOwnMessage ? failure.Message : $"Node '{nodeId}' failed after {attempts} attempt(s): {failure.Message}";

    /// <summary>
    /// For the Temporal backend: runs one node of an execution and records its step, with no retry or parking of its
    /// own (Temporal's activity retry policy and timers do that). A completed node is not run again.
    /// </summary>
    public async Task<StepOutcome> RunOneNodeAsync(Guid executionId, string nodeId, bool skip, CancellationToken ct)
    {
        using var logScope = ExecutionLogScope.Begin(logger, executionId);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var execution = await db.Executions.SingleAsync(e => e.Id == executionId, ct);
        var graph = await GraphAsync(db, execution.WorkflowVersionId, ct);
        var record = new RunRecord(await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == executionId).ToListAsync(ct));
        if (record.Step(Scheduling.Scheduler.KeyOf(nodeId), nodeId) is { } existing)
        {
            return Outcome(existing.Status, record.ItemsOf(nodeId));
        }
        if (execution.CancelRequested || ExecutionStatus.IsFinished(execution.Status))
        {
            // Cancelled meanwhile: this node does not run, and the workflow ends as cancelled.
            return new StepOutcome(ExecutionStatus.Cancelled, null, Stop: true, Cancelled: true);
        }
        var node = graph.Nodes[nodeId];
        execution.Status = ExecutionStatus.Running;
        execution.StartedAt ??= clock.GetUtcNow();
        if (skip)
        {
            await SaveStepAsync(db, execution, node, Scheduling.Scheduler.KeyOf(nodeId), StepStatus.Skipped, [], null, 0, clock.GetUtcNow(), commit: true, ct);
            return new StepOutcome(StepStatus.Skipped, null, Stop: false);
        }
        using var run = new RunSession(db, execution, graph, record, JsonDocument.Parse(execution.TriggerData).RootElement);
        var end = await RunActivationAsync(run, node, onTemporal: true, ct);
        return end switch
        {
            { Items: { } emitted } => Outcome(StepStatus.Succeeded, emitted),
            { AwaitsExecution: { } called } => new StepOutcome(ExecutionStatus.Waiting, null, Stop: false) { AwaitsExecution = called },
            _ => throw new InvalidOperationException($"Node '{nodeId}' asked to wait inside a Temporal activity; waits are Temporal timers."),
        };
    }

    /// <summary>The activity's answer: counts per port (never the items: they stay in the step records).</summary>
    private static StepOutcome Outcome(string status, IReadOnlyList<PortItem> items) =>
        new(status, items.Count > 0 ? items[0].Port : null, Stop: false) { ItemsByPort = ActivationItems.Counts(items) };

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
        var graph = await GraphAsync(db, execution.WorkflowVersionId, ct);
        var record = new RunRecord(await db.ExecutionSteps.AsNoTracking().Where(s => s.ExecutionId == executionId).ToListAsync(ct));
        execution.FailedNodeId = failedNodeId;
        await FinishAsync(db, execution, status, status == ExecutionStatus.Succeeded ? RunOutput(graph, record) : null, error, ct);
    }

    public async Task<WorkflowGraph> GraphForAsync(Guid executionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var versionId = await db.Executions.Where(e => e.Id == executionId).Select(e => e.WorkflowVersionId).SingleAsync(ct);
        return await GraphAsync(db, versionId, ct);
    }

    private bool IsAction(NodeDefinition node) => catalog.Find(node.Type)?.Category == NodeCategory.Action;

    private Task<WorkflowGraph> GraphAsync(BronnDbContext db, Guid versionId, CancellationToken ct) => graphs.GetAsync(db, versionId, ct);

    private async Task<ExecutionStep> SaveStepAsync(BronnDbContext db, Data.Execution execution, NodeDefinition node, string key, string status,
        IReadOnlyList<PortItem> items, string? error, int attempt, DateTimeOffset started, bool commit, CancellationToken ct, string? input = null)
    {
        var step = new ExecutionStep
        {
            ExecutionId = execution.Id, NodeId = node.Id!, Key = key, NodeType = node.Type!, Status = status, Attempt = attempt, Input = input,
            Output = items.Count > 0 ? items[0].Json.GetRawText() : status == StepStatus.Succeeded ? "{}" : null,
            Port = items.Count > 0 ? items[0].Port : null, Items = status == StepStatus.Succeeded ? ActivationItems.ToStored(items) : null,
            Error = error, StartedAt = started, FinishedAt = clock.GetUtcNow(),
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
        var stepsStored = db.ChangeTracker.Entries<ExecutionStep>().Any(e => e.State == EntityState.Added);
        await db.SaveChangesAsync(ct);
        if (stepsStored)
        {
            leases.Progressed(execution.Id);
        }
        db.ChangeTracker.Clear();
        db.Attach(execution);
        changes.Publish(execution);
    }
}
