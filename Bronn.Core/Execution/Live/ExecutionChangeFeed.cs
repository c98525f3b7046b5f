using System.Threading.Channels;

namespace Bronn.Core.Execution.Live;

/// <summary>
/// Execution changes as they happen. Subscribers in this process hear them at once; <see cref="ExecutionChangeRelay"/>
/// carries this process's changes to the others (and theirs here) through PostgreSQL NOTIFY, batched off the hot path.
/// </summary>
public sealed class ExecutionChangeFeed
{
    private readonly Channel<ExecutionChange> outgoing = Channel.CreateBounded<ExecutionChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly KeyedHandlers byExecution = new();
    private readonly KeyedHandlers byWorkflow = new();
    private readonly KeyedHandlers byOwner = new();

    /// <summary>Every change (for what watches everything: the live status hub). Pages watch by id instead.</summary>
    public event Action<ExecutionChange>? Changed;

    /// <summary>Changes to one execution only: a page or a waiting caller costs nothing per unrelated step.</summary>
    public IDisposable WatchExecution(Guid executionId, Action<ExecutionChange> handler) => byExecution.Add(executionId, handler);

    public IDisposable WatchWorkflow(Guid workflowId, Action<ExecutionChange> handler) => byWorkflow.Add(workflowId, handler);

    public IDisposable WatchOwner(Guid ownerId, Action<ExecutionChange> handler) => byOwner.Add(ownerId, handler);

    internal ChannelReader<ExecutionChange> Outgoing => outgoing.Reader;

    /// <summary>A change made by this process.</summary>
    public void Publish(ExecutionChange change)
    {
        Notify(change);
        outgoing.Writer.TryWrite(change);
    }

    public void Publish(Data.Execution execution) => Publish(ExecutionChange.Of(execution));

    /// <summary>A change heard from another process.</summary>
    internal void Relay(ExecutionChange change) => Notify(change);

    // A subscriber's failure must never reach the engine that published the change.
    private void Notify(ExecutionChange change)
    {
        Deliver(change, Changed?.GetInvocationList().Cast<Action<ExecutionChange>>());
        Deliver(change, byExecution.For(change.ExecutionId));
        Deliver(change, byWorkflow.For(change.WorkflowId));
        Deliver(change, byOwner.For(change.OwnerId));
    }

    private static void Deliver(ExecutionChange change, IEnumerable<Action<ExecutionChange>>? handlers)
    {
        foreach (var handler in handlers ?? [])
        {
            try
            {
                handler(change);
            }
            catch (Exception)
            {
                // The subscriber (a page) reloads on its next change; the run goes on.
            }
        }
    }
}
