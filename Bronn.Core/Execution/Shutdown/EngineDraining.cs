namespace Bronn.Core.Execution.Shutdown;

/// <summary>
/// This process's part in a graceful shutdown: once draining, it takes no new work (webhooks answer 503, the engine
/// claims nothing), while the work in flight (webhook requests, runs held here) is counted so that the drain can wait
/// for it. <see cref="RunsStopping"/> ends the runs still going when Engine:ShutdownGrace is over.
/// </summary>
public sealed class EngineDraining
{
    private readonly CancellationTokenSource runsStopping = new();
    private int inFlight;
    private volatile bool draining;

    public bool IsDraining => draining;

    public int InFlight => Volatile.Read(ref inFlight);

    public CancellationToken RunsStopping => runsStopping.Token;

    public void Begin() => draining = true;

    public Task StopRunsAsync() => runsStopping.CancelAsync();

    /// <summary>Counts a piece of work until the returned scope is disposed.</summary>
    public Scope Track()
    {
        Interlocked.Increment(ref inFlight);
        return new Scope(this);
    }

    public readonly struct Scope(EngineDraining owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner.inFlight);
    }
}
