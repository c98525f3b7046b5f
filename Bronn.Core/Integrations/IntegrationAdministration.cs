using Bronn.Core.Data;
using Bronn.Core.Integrations.Refresh;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Integrations;

/// <param name="RenewsItself">It has a refresh token: an expiry is routine, the refresher renews it beforehand.</param>
public sealed record AdminConnection(ConnectionView View, string UserEmail, bool RenewsItself = false);

public sealed record AdminEvent(long Id, DateTimeOffset CreatedAt, string UserEmail, string Integration, string Kind, string? Message);

/// <param name="ExpiringWithin24Hours">Active connections that expire within 24 hours and cannot renew themselves (no refresh
/// token): the ones that need their user. Those that renew themselves expire every hour and are no news.</param>
public sealed record IntegrationSummary(IReadOnlyDictionary<string, int> ByStatus, int ExpiringWithin24Hours, int Total);

/// <summary>The admin dashboard's view over every user's connections. Only admins may reach it.</summary>
public sealed class IntegrationAdministration(
    IDbContextFactory<BronnDbContext> contexts, IntegrationCatalog catalog, CredentialRefresher refresher, TimeProvider clock)
{
    public async Task<List<AdminConnection>> ListAsync(string? provider, string? status, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = from c in db.IntegrationConnections.AsNoTracking()
                    join u in db.Users.AsNoTracking() on c.UserId equals u.Id
                    select new { c, u.Email };
        if (!string.IsNullOrEmpty(provider))
        {
            query = query.Where(x => x.c.Provider == provider);
        }
        var rows = await query.OrderBy(x => x.Email).ThenBy(x => x.c.Integration).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(x => new AdminConnection(ConnectionView.Of(x.c, catalog.Find(x.c.Integration), now), x.Email, x.c.HasRefreshToken))
            .Where(x => string.IsNullOrEmpty(status) || x.View.Status == status)
            .ToList();
    }

    public async Task<IntegrationSummary> SummarizeAsync(CancellationToken ct = default)
    {
        var all = await ListAsync(null, null, ct);
        var soon = clock.GetUtcNow().AddHours(24);
        return new IntegrationSummary(
            all.GroupBy(c => c.View.Status).ToDictionary(g => g.Key, g => g.Count()),
            all.Count(c => c.View.Status == ConnectionStatus.Active && !c.RenewsItself && c.View.ExpiresAt <= soon),
            all.Count);
    }

    public async Task<List<AdminEvent>> RecentEventsAsync(int limit, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (from e in db.IntegrationEvents.AsNoTracking()
                      join u in db.Users.AsNoTracking() on e.UserId equals u.Id
                      orderby e.Id descending
                      select new AdminEvent(e.Id, e.CreatedAt, u.Email, e.Integration, e.Kind, e.Message))
            .Take(Math.Clamp(limit, 1, 500)).ToListAsync(ct);
    }

    /// <returns>Null when there is no such connection.</returns>
    public async Task<RefreshResult?> RefreshNowAsync(Guid connectionId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var connection = await db.IntegrationConnections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null)
        {
            return null;
        }
        // "Now" means now: also when the token is far from expiry or the refresher is backing off.
        await db.IntegrationConnections.Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextAttemptAt, (DateTimeOffset?)null), ct);
        var current = ConnectionStatus.IsRefreshable(connection.Status) ? refresher.CurrentAccessToken(connection) : null;
        return await refresher.RefreshAsync(connectionId, current, ct);
    }
}
