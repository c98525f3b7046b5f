using System.Collections.Concurrent;
using Bronn.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Accounts;

/// <summary>
/// Counts failed sign-ins per client address in a fixed window; once the limit is reached the client is refused
/// (even with the right password) until the window ends. Kept in memory: it guards one process.
/// </summary>
public sealed class LoginThrottle(IOptions<BronnOptions> options, TimeProvider clock)
{
    private sealed record Window(DateTimeOffset Start, int Failures);

    private readonly ConcurrentDictionary<string, Window> windows = new();

    /// <returns>How long the client must wait, or null when it may try now.</returns>
    public TimeSpan? RetryAfter(string client)
    {
        var limits = options.Value.LoginThrottle;
        if (!windows.TryGetValue(client, out var window))
        {
            return null;
        }
        var ends = window.Start + limits.Window;
        var now = clock.GetUtcNow();
        if (now >= ends)
        {
            windows.TryRemove(new KeyValuePair<string, Window>(client, window));
            return null;
        }
        return window.Failures >= limits.MaxFailures ? ends - now : null;
    }

    public void RecordFailure(string client)
    {
        var limits = options.Value.LoginThrottle;
        var now = clock.GetUtcNow();
        windows.AddOrUpdate(
            client,
            _ => new Window(now, 1),
            (_, window) => now >= window.Start + limits.Window ? new Window(now, 1) : window with { Failures = window.Failures + 1 });
        if (windows.Count > 10_000)
        {
            ForgetExpired(now - limits.Window);
        }
    }

    public void RecordSuccess(string client) => windows.TryRemove(client, out _);

    private void ForgetExpired(DateTimeOffset cutoff)
    {
        foreach (var (client, window) in windows)
        {
            if (window.Start < cutoff)
            {
                windows.TryRemove(new KeyValuePair<string, Window>(client, window));
            }
        }
    }
}
