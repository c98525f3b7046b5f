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

    public event Action<ExecutionChange>? Changed;

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
        if (Changed is not { } handlers)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Action<ExecutionChange>>())
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
