using System.Collections.Concurrent;
using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Accounts;

/// <summary>What a token must still match: the account exists, with this role and security stamp.</summary>
public sealed record AccountStanding(string Role, Guid SecurityStamp);

/// <summary>
/// The account behind every authenticated request, read from the database and cached for a few seconds, so a token
/// stops working soon after its account is deleted, demoted, has its password changed or signs out everywhere (at
/// once in this process, which drops its cached entry when it makes the change).
/// </summary>
public sealed class AccountSessions(IDbContextFactory<BronnDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private sealed record Cached(AccountStanding? Standing, DateTimeOffset Until);

    private readonly ConcurrentDictionary<Guid, Cached> cache = new();

    /// <returns>The account's current standing, or null when it no longer exists.</returns>
    public async Task<AccountStanding?> StandingAsync(Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(userId, out var cached) && cached.Until > now)
        {
            return cached.Standing;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var standing = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new AccountStanding(u.Role, u.SecurityStamp)).SingleOrDefaultAsync(ct);
        if (cache.Count > 100_000)
        {
            cache.Clear();
        }
        cache[userId] = new Cached(standing, now + CacheFor);
        return standing;
    }

    public void Forget(Guid userId) => cache.TryRemove(userId, out _);
}
