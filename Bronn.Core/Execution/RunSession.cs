using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution.Data;

namespace Bronn.Core.Execution;

/// <summary>
/// One driver's hold on one execution: its database context, the execution row, the graph and what has been recorded.
/// Activations of independent branches run at the same time; whatever touches the context or the record takes the
/// session's turn (<see cref="ExclusiveAsync{T}"/>), while node work itself runs outside it.
/// </summary>
internal sealed class RunSession(BronnDbContext db, Data.Execution execution, WorkflowGraph graph, RunRecord record, JsonElement trigger) : IDisposable
{
    private readonly SemaphoreSlim turn = new(1, 1);

    public BronnDbContext Db { get; } = db;
    public Data.Execution Execution { get; } = execution;
    public WorkflowGraph Graph { get; } = graph;
    public RunRecord Record { get; } = record;
    public JsonElement Trigger { get; } = trigger;

    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            turn.Release();
        }
    }

    public Task ExclusiveAsync(Func<Task> work, CancellationToken ct) => ExclusiveAsync(async () =>
    {
        await work();
        return true;
    }, ct);

    public void Dispose() => turn.Dispose();
}

/// <summary>
/// How one activation ended for the driver: the items it emitted, or why the run cannot go on now (a wait or retry
/// back-off to park for, a failure or a cancel to end with).
/// </summary>
internal sealed record ActivationEnd(IReadOnlyList<PortItem>? Items)
{
    public DateTimeOffset? ParkUntil { get; init; }

    /// <summary>The delay the run parks for (shown as "waiting at"), none for a retry back-off.</summary>
    public string? WaitingNodeId { get; init; }

    /// <summary>The called run the node waits for (workflow.execute), if that is what it waits for.</summary>
    public Guid? AwaitsExecution { get; init; }

    public string? Failure { get; init; }
    public string? FailedNodeId { get; init; }
    public bool Cancelled { get; init; }

    public static ActivationEnd Emitted(IReadOnlyList<PortItem> items) => new(items);

    public static ActivationEnd Park(DateTimeOffset until, string? waitingNodeId) => new((IReadOnlyList<PortItem>?)null) { ParkUntil = until, WaitingNodeId = waitingNodeId };

    public static ActivationEnd Fail(string nodeId, string message) => new((IReadOnlyList<PortItem>?)null) { Failure = message, FailedNodeId = nodeId };

    public static readonly ActivationEnd Cancel = new((IReadOnlyList<PortItem>?)null) { Cancelled = true };

    /// <summary>Which of two stops the run ends with: a failure over a cancel over a park; of two parks, the earlier.</summary>
    public static ActivationEnd Prevailing(ActivationEnd? current, ActivationEnd next) => current switch
    {
        null => next,
        { Failure: not null } => current,
        _ when next.Failure is not null => next,
        { Cancelled: true } => current,
        _ when next.Cancelled => next,
        _ => next.ParkUntil < current.ParkUntil ? next : current,
    };
}
