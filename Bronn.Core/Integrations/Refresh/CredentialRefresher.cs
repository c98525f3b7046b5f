using System.Collections.Concurrent;
using Bronn.Core.Data;
using Bronn.Core.Integrations.OAuth;
using Bronn.Core.Integrations.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Integrations.Refresh;

/// <summary>
/// Refreshes one connection's tokens, single-flight: callers in this process share one refresh per connection,
/// and processes coordinate through a lease row claimed by a conditional UPDATE. No database lock is held while
/// the provider is called; the lease holder re-reads the row first, so a refresh another process just finished
/// is never repeated (and a rotating refresh token is never spent twice).
/// </summary>
public sealed class CredentialRefresher(
    IDbContextFactory<BronnDbContext> contexts, IntegrationCatalog catalog, TokenVault vault, OAuthTokenClient tokens,
    IOptions<IntegrationsOptions> options, TimeProvider clock, ILogger<CredentialRefresher> logger)
{
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(50);

    private readonly string owner = $"{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<Guid, Lazy<Task<RefreshResult>>> inFlight = new();

    private RefreshOptions Settings => options.Value.Refresh;

    /// <param name="rejectedAccessToken">A token the provider just refused (401): refresh unless it was already replaced.</param>
    public async Task<RefreshResult> RefreshAsync(Guid connectionId, string? rejectedAccessToken = null, CancellationToken ct = default)
    {
        var flight = inFlight.GetOrAdd(connectionId, id => new Lazy<Task<RefreshResult>>(() => RunAsync(id, rejectedAccessToken)));
        return await flight.Value.WaitAsync(ct);
    }

    private async Task<RefreshResult> RunAsync(Guid id, string? rejectedAccessToken)
    {
        try
        {
            // Not the caller's token: the shared refresh must finish even if the first caller gives up.
            var result = await RefreshCoreAsync(id, rejectedAccessToken, CancellationToken.None);
            Telemetry.BronnMetrics.Refreshes.Add(1, new KeyValuePair<string, object?>("outcome", result.ToString().ToLowerInvariant()));
            return result;
        }
        finally
        {
            inFlight.TryRemove(id, out _);
        }
    }

    private async Task<RefreshResult> RefreshCoreAsync(Guid id, string? rejected, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (rejected is null)
        {
            var start = clock.GetUtcNow();
            var claimed = await ConnectionUpdates.ClaimIfDueAsync(db, id, owner, start, Settings.LeaseDuration, start + Settings.Margin, ct);
            if (claimed is not null)
            {
                return await RefreshClaimedAsync(db, claimed, rejected, ct);
            }
        }
        var deadline = clock.GetUtcNow() + Settings.LeaseDuration * 2;
        while (true)
        {
            var connection = await db.IntegrationConnections.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
            if (connection is null)
            {
                return RefreshResult.NotConnected;
            }
            if (!ConnectionStatus.IsRefreshable(connection.Status))
            {
                return RefreshResult.Unavailable;
            }
            var now = clock.GetUtcNow();
            if (!NeedsRefresh(connection, rejected, now))
            {
                return RefreshResult.Fresh;
            }
            if (!connection.HasRefreshToken)
            {
                return await MarkExpiredAsync(db, connection, now, ct);
            }
            if (connection.NextAttemptAt > now)
            {
                // Backing off after a failure: the token is usable while it lasts, and the provider is left alone.
                return connection.ExpiresAt > now ? RefreshResult.Fresh : RefreshResult.Failed;
            }
            if (await ConnectionUpdates.ClaimLeaseAsync(db, id, owner, now, Settings.LeaseDuration, ct) == 1)
            {
                return await RefreshWithLeaseAsync(db, id, rejected, ct);
            }
            // Another process holds the lease: wait for its result rather than calling the provider too.
            if (clock.GetUtcNow() > deadline)
            {
                return RefreshResult.Failed;
            }
            await Task.Delay(PollDelay, ct);
        }
    }

    private async Task<RefreshResult> RefreshWithLeaseAsync(BronnDbContext db, Guid id, string? rejected, CancellationToken ct) =>
        await RefreshClaimedAsync(db, await db.IntegrationConnections.AsNoTracking().SingleAsync(c => c.Id == id, ct), rejected, ct);

    /// <param name="connection">The row as read after this process claimed its lease.</param>
    private async Task<RefreshResult> RefreshClaimedAsync(BronnDbContext db, IntegrationConnection connection, string? rejected, CancellationToken ct)
    {
        var id = connection.Id;
        var now = clock.GetUtcNow();
        if (!NeedsRefresh(connection, rejected, now))
        {
            await ConnectionUpdates.ReleaseLeaseAsync(db, id, owner, ct);
            return RefreshResult.Fresh;
        }
        var integration = catalog.Find(connection.Integration);
        if (integration is null)
        {
            await ConnectionUpdates.ReleaseLeaseAsync(db, id, owner, ct);
            return RefreshResult.Unavailable;
        }

        var current = vault.Open(connection.SealedTokens, id);
        var answer = await tokens.RefreshAsync(integration.Provider, current.RefreshToken!, ct);
        now = clock.GetUtcNow();
        if (answer.Succeeded)
        {
            var expiresAt = answer.ExpiresIn is { } lifetime ? now + lifetime : (DateTimeOffset?)null;
            var kind = connection.FailureCount > 0 ? IntegrationEventKind.Recovered : IntegrationEventKind.Refreshed;
            await ConnectionUpdates.SaveRefreshedAsync(db, connection, owner, vault.Seal(answer.Tokens!, id), vault.CurrentKeyId,
                answer.Tokens!.RefreshToken is not null, expiresAt, now, kind, ct);
            return RefreshResult.Refreshed;
        }
        return answer.Failure == TokenFailureKind.InvalidGrant
            ? await MarkRevokedAsync(db, connection, integration, now, ct)
            : await RecordFailureAsync(db, connection, integration, answer, now, ct);
    }

    private async Task<RefreshResult> MarkRevokedAsync(BronnDbContext db, IntegrationConnection connection, IntegrationDescriptor integration, DateTimeOffset now, CancellationToken ct)
    {
        var message = $"{integration.DisplayName} no longer accepts Bronn's access (it was revoked or has expired). Reconnect {integration.DisplayName} to continue.";
        await ConnectionUpdates.SaveStatusAsync(db, connection.Id, owner, ConnectionStatus.Revoked, message, connection.FailureCount, null, now, ct);
        await ConnectionUpdates.JournalAsync(db, connection.UserId, connection.Integration, IntegrationEventKind.Revoked, message, ct);
        logger.LogWarning("Connection {ConnectionId} ({Integration}) was revoked by the provider", connection.Id, connection.Integration);
        return RefreshResult.Revoked;
    }

    private async Task<RefreshResult> RecordFailureAsync(BronnDbContext db, IntegrationConnection connection, IntegrationDescriptor integration,
        TokenEndpointResult answer, DateTimeOffset now, CancellationToken ct)
    {
        var failures = connection.FailureCount + 1;
        var becomesError = failures >= Settings.FailuresBeforeError;
        var status = becomesError ? ConnectionStatus.Error : connection.Status;
        var message = becomesError
            ? $"Bronn could not refresh {integration.DisplayName} after {failures} attempts ({answer.Error}). It keeps trying; reconnect if this persists."
            : null;
        await ConnectionUpdates.SaveStatusAsync(db, connection.Id, owner, status, message, failures, now + Backoff(failures, answer.RetryAfter), now, ct);
        if (failures == 1 || failures == Settings.FailuresBeforeError)
        {
            await ConnectionUpdates.JournalAsync(db, connection.UserId, connection.Integration, IntegrationEventKind.Failed,
                $"Refresh failed ({answer.Error}); attempt {failures}.", ct);
        }
        logger.LogWarning("Refreshing connection {ConnectionId} failed (attempt {Attempt}): {Error}", connection.Id, failures, answer.Error);
        return RefreshResult.Failed;
    }

    private async Task<RefreshResult> MarkExpiredAsync(BronnDbContext db, IntegrationConnection connection, DateTimeOffset now, CancellationToken ct)
    {
        if (connection.ExpiresAt > now)
        {
            return RefreshResult.Fresh; // No refresh token, but still valid: used as is until it expires.
        }
        var message = "The access expired and this app gives no way to renew it. Reconnect to continue.";
        if (await ConnectionUpdates.SaveStatusAsync(db, connection.Id, null, ConnectionStatus.Expired, message, connection.FailureCount, null, now, ct) == 1)
        {
            await ConnectionUpdates.JournalAsync(db, connection.UserId, connection.Integration, IntegrationEventKind.Expired, message, ct);
        }
        return RefreshResult.Expired;
    }

    /// <summary>For "refresh now": passing the current token as rejected forces one refresh.</summary>
    internal string CurrentAccessToken(IntegrationConnection connection) => vault.Open(connection.SealedTokens, connection.Id).AccessToken;

    private bool NeedsRefresh(IntegrationConnection connection, string? rejected, DateTimeOffset now) => rejected is not null
        ? vault.Open(connection.SealedTokens, connection.Id).AccessToken == rejected
        : connection.ExpiresAt is { } expiresAt && expiresAt <= now + Settings.Margin;

    /// <summary>30 s, 1, 2, 4 ... minutes up to 30, with jitter; a provider's Retry-After wins when longer.</summary>
    private static TimeSpan Backoff(int failures, TimeSpan? retryAfter)
    {
        var seconds = Math.Min(30 * Math.Pow(2, failures - 1), 1800) * (0.8 + Random.Shared.NextDouble() * 0.4);
        var backoff = TimeSpan.FromSeconds(seconds);
        return retryAfter is { } wait && wait > backoff ? wait : backoff;
    }
}
