using Bronn.Core.Workflows.Catalog;

namespace Bronn.Core.Execution.Temporal;

/// <summary>What the interpreter workflow needs of a published version: order, edges, retries, delays. No secrets.</summary>
public sealed record InterpreterPlan(
    string TriggerId,
    IReadOnlyList<string> Order,
    IReadOnlyDictionary<string, IReadOnlyList<PlanEdge>> Incoming,
    IReadOnlyDictionary<string, PlanRetry> Retries,
    IReadOnlyDictionary<string, double> DelaySeconds,
    double NodeTimeoutSeconds = 0,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? After = null,
    int MaxParallel = 0)
{
    /// <summary>
    /// Runs independent branches at the same time, up to this many activations. Plans recorded before branches ran in
    /// parallel carry 0: their histories replay one node at a time, as they were made.
    /// </summary>
    public bool RunsBranchesInParallel => MaxParallel > 0;

    /// <summary>Engine:NodeTimeout as the activity's start-to-close timeout; plans recorded before it carried none (5 minutes).</summary>
    public TimeSpan NodeTimeout => NodeTimeoutSeconds > 0 ? TimeSpan.FromSeconds(NodeTimeoutSeconds) : TimeSpan.FromMinutes(5);

    /// <summary>The scheduler's view of this plan (built inside the workflow: pure and deterministic).</summary>
    public Scheduling.ExecutionPlan ToSchedulerPlan() => new(
        Order.Select(id => new Scheduling.PlanNode(id, id == TriggerId, Scheduling.ItemMode.EachItem, [])
        {
            Reads = After?.GetValueOrDefault(id) ?? [],
        }),
        Order.SelectMany(to => Incoming[to].Select(e => (e.From, e.Port, to))));

    public static InterpreterPlan From(WorkflowGraph graph, NodeCatalog catalog, EngineOptions engine)
    {
        var delays = new Dictionary<string, double>();
        foreach (var node in graph.Nodes.Values)
        {
            if (!graph.Pinned.ContainsKey(node.Id!) && catalog.DurableWaitOf(node) is { } wait)
            {
                delays[node.Id!] = wait.WaitFor(node)?.TotalSeconds ?? 0;
            }
        }
        return new InterpreterPlan(
            graph.Trigger.Id!,
            graph.Order,
            graph.Incoming.ToDictionary(i => i.Key, i => (IReadOnlyList<PlanEdge>)i.Value.Select(e => new PlanEdge(e.From, e.Port)).ToList()),
            graph.Nodes.Values.ToDictionary(n => n.Id!, n =>
            {
                var policy = RetryPolicy.For(n, catalog.Find(n.Type)!);
                return new PlanRetry(policy.Attempts, policy.InitialDelay.TotalSeconds, policy.MaxDelay.TotalSeconds);
            }),
            delays,
            engine.NodeTimeout.TotalSeconds,
            graph.Plan.After,
            engine.MaxParallelBranches);
    }
}

public sealed record PlanEdge(string From, string Port);

public sealed record PlanRetry(int Attempts, double InitialSeconds, double MaxSeconds);

public sealed record InterpreterInput(Guid ExecutionId)
{
    /// <summary>What earlier runs of this workflow recorded (port and item counts per node), handed on by continue-as-new.</summary>
    public IReadOnlyDictionary<string, StepOutcome>? Recorded { get; init; }

    /// <summary>The history length past which the workflow continues as new (default 2,000 events; tests set it low).</summary>
    public int? ContinueAfterEvents { get; init; }
}

public sealed record NodeRequest(Guid ExecutionId, string NodeId, bool Skip);

public sealed record FinishRequest(Guid ExecutionId, string Status, string? Error, string? FailedNodeId);
