using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Bronn.Core.Execution.Live;

/// <summary>Change handlers by one id (an execution, a workflow, an owner): a change reaches only the handlers of its ids.</summary>
internal sealed class KeyedHandlers
{
    private readonly ConcurrentDictionary<Guid, ImmutableList<Action<ExecutionChange>>> handlers = new();

    public IDisposable Add(Guid key, Action<ExecutionChange> handler)
    {
        handlers.AddOrUpdate(key, _ => [handler], (_, list) => list.Add(handler));
        return new Subscription(() => Remove(key, handler));
    }

    public ImmutableList<Action<ExecutionChange>>? For(Guid key) => handlers.GetValueOrDefault(key);

    private void Remove(Guid key, Action<ExecutionChange> handler)
    {
        while (handlers.TryGetValue(key, out var list))
        {
            var rest = list.Remove(handler);
            var done = rest.IsEmpty ? handlers.TryRemove(new KeyValuePair<Guid, ImmutableList<Action<ExecutionChange>>>(key, list)) : handlers.TryUpdate(key, rest, list);
            if (done)
            {
                return;
            }
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
