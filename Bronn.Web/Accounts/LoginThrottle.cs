using Bronn.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Accounts;

/// <summary>
/// Guards sign-in. Per client address: at most MaxFailures attempts that did not succeed per window; the attempt is
/// reserved before the password is checked, so concurrent guesses cannot slip past the count. Per account: after
/// AccountMaxFailures consecutive failures, each further failure locks the account for twice as long as the last
/// (capped at AccountMaxLockout); attempts refused during a lock do not extend it, so an attacker slows guessing to a
/// crawl but cannot keep the owner out for longer than the cap at a time. Kept in memory: it guards one process.
/// </summary>
public sealed class LoginThrottle(IOptions<BronnOptions> options, TimeProvider clock)
{
    private sealed class ClientWindow(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;
        public int Attempts { get; set; }
    }

    private sealed class AccountState
    {
        public int Failures { get; set; }
        public int Pending { get; set; }
        public DateTimeOffset LockedUntil { get; set; }
    }

    private const int MaxTracked = 10_000;
    private readonly Lock gate = new();
    private readonly Dictionary<string, ClientWindow> clients = new();
    private readonly Dictionary<string, AccountState> accounts = new(StringComparer.Ordinal);

    private LoginThrottleOptions Limits => options.Value.LoginThrottle;

    /// <returns>How long the client must wait before any attempt, or null.</returns>
    public TimeSpan? ClientWait(string client)
    {
        lock (gate)
        {
            var window = CurrentWindow(client, clock.GetUtcNow());
            return window.Attempts >= Limits.MaxFailures ? window.Start + Limits.Window - clock.GetUtcNow() : null;
        }
    }

    /// <summary>Reserves one attempt for this client and account before the password is checked.</summary>
    /// <returns>Null when reserved; otherwise how long to wait and whether the account (not the client) is the reason.</returns>
    public (TimeSpan Wait, bool Account)? TryReserve(string client, string account)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var window = CurrentWindow(client, now);
            if (window.Attempts >= Limits.MaxFailures)
            {
                return (window.Start + Limits.Window - now, false);
            }
            var state = accounts.TryGetValue(account, out var found) ? found : accounts[account] = new AccountState();
            if (now < state.LockedUntil)
            {
                return (state.LockedUntil - now, true);
            }
            if (state.Failures + state.Pending >= Limits.AccountMaxFailures && state.Pending > 0)
            {
                return (TimeSpan.FromSeconds(1), true); // past the limit, one attempt at a time
            }
            window.Attempts++;
            state.Pending++;
            Trim(now);
            return null;
        }
    }

    public void RecordFailure(string account)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!accounts.TryGetValue(account, out var state))
            {
                return;
            }
            state.Pending = Math.Max(0, state.Pending - 1);
            state.Failures++;
            var beyond = state.Failures - Limits.AccountMaxFailures;
            if (beyond >= 0)
            {
                var lockout = TimeSpan.FromSeconds(Math.Min(Limits.AccountMaxLockout.TotalSeconds, Limits.AccountBaseLockout.TotalSeconds * Math.Pow(2, Math.Min(beyond, 30))));
                state.LockedUntil = now + lockout;
            }
        }
    }

    /// <summary>The attempt could not be judged (the database failed): it counts for the client but not against the account.</summary>
    public void Release(string account)
    {
        lock (gate)
        {
            if (accounts.TryGetValue(account, out var state))
            {
                state.Pending = Math.Max(0, state.Pending - 1);
            }
        }
    }

    public void RecordSuccess(string client, string account)
    {
        lock (gate)
        {
            clients.Remove(client);
            accounts.Remove(account);
        }
    }

    private ClientWindow CurrentWindow(string client, DateTimeOffset now)
    {
        if (!clients.TryGetValue(client, out var window) || now >= window.Start + Limits.Window)
        {
            clients[client] = window = new ClientWindow(now);
        }
        return window;
    }

    private void Trim(DateTimeOffset now)
    {
        if (clients.Count > MaxTracked)
        {
            foreach (var key in clients.Where(c => now >= c.Value.Start + Limits.Window).Select(c => c.Key).ToList())
            {
                clients.Remove(key);
            }
        }
        if (accounts.Count > MaxTracked)
        {
            foreach (var key in accounts.Where(a => a.Value.Pending == 0 && now >= a.Value.LockedUntil + Limits.Window).Select(a => a.Key).ToList())
            {
                accounts.Remove(key);
            }
        }
    }
}
