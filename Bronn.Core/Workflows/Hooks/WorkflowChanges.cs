namespace Bronn.Core.Workflows.Hooks;

/// <summary>
/// Which workflows are active, and with which published version, changed: in this process (announced at once) or in
/// any other (NOTIFY on <see cref="Channel"/> from the changing transaction, heard by <see cref="WorkflowChangesListener"/>).
/// The in-memory caches of active workflows (webhooks, the pollers' triggers) drop what they hold when it does.
/// </summary>
public sealed class WorkflowChanges
{
    public const string Channel = "bronn_workflows";

    private long generation;

    /// <summary>Advances on every change: a cache keeps what it read only if the generation did not move meanwhile.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public event Action? Changed;

    public void Announce()
    {
        Interlocked.Increment(ref generation);
        Changed?.Invoke();
    }
}
