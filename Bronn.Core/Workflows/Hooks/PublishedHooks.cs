using System.Collections.Concurrent;
using Bronn.Core.Workflows.Data;
using Bronn.Core.Workflows.Definitions;

namespace Bronn.Core.Workflows.Hooks;

/// <summary>
/// Active webhooks by hook id, kept in memory so a webhook request needs no database read. Emptied on every
/// <see cref="WorkflowChanges"/> (a publish, activation, deactivation or delete in any process).
/// </summary>
public sealed class PublishedHooks
{
    /// <summary>A safety net should a notification be missed: no entry is older than this.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    private sealed record Entry(Workflow Workflow, WorkflowDefinition Published, DateTimeOffset Until);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly TimeProvider clock;
    private readonly WorkflowChanges changes;

    public PublishedHooks(TimeProvider clock, WorkflowChanges changes)
    {
        this.clock = clock;
        this.changes = changes;
        changes.Changed += entries.Clear;
    }

    /// <summary>The current generation: a lookup remembers its answer only if nothing changed while it read.</summary>
    public long Generation => changes.Generation;

    public bool TryGet(string hookId, out (Workflow Workflow, WorkflowDefinition Published) found)
    {
        if (entries.TryGetValue(hookId, out var entry) && entry.Until > clock.GetUtcNow())
        {
            found = (entry.Workflow, entry.Published);
            return true;
        }
        found = default;
        return false;
    }

    public void Remember(string hookId, Workflow workflow, WorkflowDefinition published, long readAtGeneration)
    {
        if (entries.Count > 100_000)
        {
            entries.Clear();
        }
        entries[hookId] = new Entry(workflow, published, clock.GetUtcNow() + KeepFor);
        if (Generation != readAtGeneration)
        {
            entries.TryRemove(hookId, out _); // a change landed while this was read: it may be stale
        }
    }
}
