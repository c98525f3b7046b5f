using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Integrations.Refresh;

/// <summary>The refresher's writes: each a single conditional statement, guarded by the lease it holds.</summary>
internal static class ConnectionUpdates
{
    public static Task<int> ClaimLeaseAsync(BronnDbContext db, Guid id, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        db.IntegrationConnections
            .Where(c => c.Id == id && (c.Status == ConnectionStatus.Active || c.Status == ConnectionStatus.Error) && (c.LeaseExpiresAt == null || c.LeaseExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseOwner, owner).SetProperty(c => c.LeaseExpiresAt, now + lease), ct);

    /// <summary>
    /// The sweep's fast path: claims the lease only if the row is still due and free, and returns the row as it is
    /// after the claim (the winner's re-read) in the same round trip. Null when another process got there first.
    /// </summary>
    public static async Task<IntegrationConnection?> ClaimIfDueAsync(BronnDbContext db, Guid id, string owner, DateTimeOffset now,
        TimeSpan lease, DateTimeOffset horizon, CancellationToken ct)
    {
        var leaseUntil = now + lease;
        var rows = await db.IntegrationConnections.FromSql($"""
            UPDATE integration_connections SET lease_owner = {owner}, lease_expires_at = {leaseUntil}
            WHERE id = {id} AND status IN ('active', 'error') AND has_refresh_token AND expires_at <= {horizon}
              AND (next_attempt_at IS NULL OR next_attempt_at <= {now}) AND (lease_expires_at IS NULL OR lease_expires_at < {now})
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        return rows.Count == 1 ? rows[0] : null;
    }

    public static Task<int> ReleaseLeaseAsync(BronnDbContext db, Guid id, string owner, CancellationToken ct) =>
        db.IntegrationConnections
            .Where(c => c.Id == id && c.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LeaseOwner, (string?)null).SetProperty(c => c.LeaseExpiresAt, (DateTimeOffset?)null), ct);

    /// <summary>
    /// The new tokens (a rotated refresh token included), expiry, lease release, the event and the notification: one
    /// round trip. The event is written only if this process still held the lease.
    /// </summary>
    public static Task SaveRefreshedAsync(BronnDbContext db, IntegrationConnection connection, string owner, byte[] sealedTokens,
        string keyId, bool hasRefreshToken, DateTimeOffset? expiresAt, DateTimeOffset now, string eventKind, CancellationToken ct)
    {
        var payload = new IntegrationChange(connection.UserId, connection.Integration).ToPayload();
        return db.Database.ExecuteSqlAsync($"""
            WITH updated AS (
                UPDATE integration_connections
                SET sealed_tokens = {sealedTokens}, key_id = {keyId}, has_refresh_token = {hasRefreshToken}, expires_at = {expiresAt},
                    last_refreshed_at = {now}, updated_at = {now}, status = 'active', status_message = NULL, failure_count = 0,
                    next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = {connection.Id} AND lease_owner = {owner}
                RETURNING user_id, integration)
            INSERT INTO integration_events (user_id, integration, kind, message, created_at)
            SELECT user_id, integration, {eventKind}, NULL, now() FROM updated;
            SELECT pg_notify({IntegrationJournal.Channel}, {payload});
            """, ct);
    }

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
