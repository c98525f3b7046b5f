using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Integrations.Refresh;

/// <summary>The refresher's writes: each a single conditional statement, guarded by the lease it holds.</summary>
internal static class ConnectionUpdates
{
    public static Task<int> ClaimLeaseAsync(BronnDbContext db, Guid id, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        db.IntegrationConnections
            .Where(c => c.Id == id && c.Status == ConnectionStatus.Active && (c.LeaseExpiresAt == null || c.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseOwner, owner).SetProperty(c => c.LeaseExpiresAt, now + lease), ct);

    public static Task<int> ReleaseLeaseAsync(BronnDbContext db, Guid id, string owner, CancellationToken ct) =>
        db.IntegrationConnections
            .Where(c => c.Id == id && c.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseOwner, (string?)null).SetProperty(c => c.LeaseExpiresAt, (DateTimeOffset?)null), ct);

    /// <summary>The new tokens (a rotated refresh token included) and expiry land in one statement, or not at all.</summary>
    public static Task<int> SaveRefreshedAsync(BronnDbContext db, Guid id, string owner, byte[] sealedTokens, string keyId,
        bool hasRefreshToken, DateTimeOffset? expiresAt, DateTimeOffset now, CancellationToken ct) =>
        db.IntegrationConnections
            .Where(c => c.Id == id && c.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.SealedTokens, sealedTokens)
                .SetProperty(c => c.KeyId, keyId)
                .SetProperty(c => c.HasRefreshToken, hasRefreshToken)
                .SetProperty(c => c.ExpiresAt, expiresAt)
                .SetProperty(c => c.LastRefreshedAt, now)
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.Status, ConnectionStatus.Active)
                .SetProperty(c => c.StatusMessage, (string?)null)
                .SetProperty(c => c.FailureCount, 0)
                .SetProperty(c => c.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(c => c.LeaseOwner, (string?)null)
                .SetProperty(c => c.LeaseExpiresAt, (DateTimeOffset?)null), ct);

    public static Task<int> SaveStatusAsync(BronnDbContext db, Guid id, string? owner, string status, string? message,
        int failureCount, DateTimeOffset? nextAttemptAt, DateTimeOffset now, CancellationToken ct) =>
        db.IntegrationConnections
            .Where(c => c.Id == id && (owner == null || c.LeaseOwner == owner))
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, status)
                .SetProperty(c => c.StatusMessage, message)
                .SetProperty(c => c.FailureCount, failureCount)
                .SetProperty(c => c.NextAttemptAt, nextAttemptAt)
                .SetProperty(c => c.UpdatedAt, now)
                .SetProperty(c => c.LeaseOwner, (string?)null)
                .SetProperty(c => c.LeaseExpiresAt, (DateTimeOffset?)null), ct);

    /// <summary>The event and the NOTIFY that carries it to other processes, in one round trip.</summary>
    public static Task JournalAsync(BronnDbContext db, Guid userId, string integration, string kind, string? message, CancellationToken ct)
    {
        var payload = new IntegrationChange(userId, integration).ToPayload();
        return db.Database.ExecuteSqlAsync(
            $"INSERT INTO integration_events (user_id, integration, kind, message, created_at) VALUES ({userId}, {integration}, {kind}, {message}, now()); SELECT pg_notify({IntegrationJournal.Channel}, {payload})",
            ct);
    }
}
