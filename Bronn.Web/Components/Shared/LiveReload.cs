namespace Bronn.Web.Components.Shared;

/// <summary>
/// Coalesces bursts of change notifications into at most one reload per interval, so a page following a busy engine
/// reads the database a few times a second rather than once per change.
/// </summary>
public sealed class LiveReload(TimeSpan? interval = null) : IDisposable
{
    private readonly TimeSpan interval = interval ?? TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource stopping = new();
    private int scheduled;

    public void Request(Func<Task> reload)
    {
        if (Interlocked.Exchange(ref scheduled, 1) == 1)
        {
            return; // a reload is already due; it will see this change too
        }
        _ = RunAsync(reload);
    }

    private async Task RunAsync(Func<Task> reload)
    {
        try
        {
            await Task.Delay(interval, stopping.Token);
            Interlocked.Exchange(ref scheduled, 0);
            await reload();
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
        catch (ObjectDisposedException)
        {
            // Likewise.
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }
}
