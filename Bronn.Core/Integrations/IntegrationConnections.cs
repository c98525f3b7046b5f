using Bronn.Core.Data;
using Bronn.Core.Integrations.OAuth;
using Bronn.Core.Integrations.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Integrations;

/// <summary>A user's connections: listing, status, disconnecting. Every query is scoped to the user asked about.</summary>
public sealed class IntegrationConnections(
    IDbContextFactory<BronnDbContext> contexts, IntegrationCatalog catalog, TokenVault vault, OAuthTokenClient tokens,
    TimeProvider clock, ILogger<IntegrationConnections> logger)
{
    /// <summary>One entry per integration in the catalog, connected or not.</summary>
    public async Task<List<ConnectionView>> ListAsync(Guid userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.IntegrationConnections.AsNoTracking().Where(c => c.UserId == userId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return catalog.All
            .Select(i => rows.FirstOrDefault(r => r.Integration == i.Name) is { } row ? ConnectionView.Of(row, i, now) : ConnectionView.NotConnected(userId, i))
            .ToList();
    }

    public async Task<ConnectionView?> GetAsync(Guid userId, string integration, CancellationToken ct = default)
    {
        var descriptor = catalog.Find(integration);
        if (descriptor is null)
        {
            return null;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.IntegrationConnections.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == userId && c.Integration == integration, ct);
        return row is null ? ConnectionView.NotConnected(userId, descriptor) : ConnectionView.Of(row, descriptor, clock.GetUtcNow());
    }

    /// <summary>Revokes at the provider where it can (best effort), then forgets the tokens.</summary>
    /// <returns>False when there was nothing to disconnect.</returns>
    public async Task<bool> DisconnectAsync(Guid userId, string integration, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.IntegrationConnections.SingleOrDefaultAsync(c => c.UserId == userId && c.Integration == integration, ct);
        if (row is null)
        {
            return false;
        }
        var revoked = false;
        if (catalog.Find(integration) is { } descriptor)
        {
            try
            {
                var secret = vault.Open(row.SealedTokens, row.Id);
                revoked = await tokens.RevokeAsync(descriptor.Provider, secret.RefreshToken ?? secret.AccessToken, ct);
            }
            catch (VaultException ex)
            {
                logger.LogWarning("Could not open connection {ConnectionId} to revoke it: {Reason}", row.Id, ex.Message);
            }
        }
        db.IntegrationConnections.Remove(row);
        IntegrationJournal.Record(db, clock.GetUtcNow(), userId, integration, IntegrationEventKind.Disconnected,
            revoked ? "Disconnected; access revoked at the provider." : "Disconnected; the stored tokens were deleted.");
        await db.SaveChangesAsync(ct);
        await IntegrationJournal.NotifyAsync(db, userId, integration, ct);
        return true;
    }
}
