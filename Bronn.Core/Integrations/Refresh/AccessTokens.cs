using Bronn.Core.Data;
using Bronn.Core.Integrations.Vault;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Integrations.Refresh;

/// <summary>Why a provider call cannot be made for this user. The message is for people; it holds no secret.</summary>
public sealed class IntegrationUnavailableException(string integration, string status, string message) : Exception(message)
{
    public string Integration { get; } = integration;
    public string Status { get; } = status;
}

/// <summary>Hands out a valid access token for a user's integration, refreshing first when it is about to expire.</summary>
public sealed class AccessTokens(IDbContextFactory<BronnDbContext> contexts, CredentialRefresher refresher, TokenVault vault, IntegrationCatalog catalog,
    TimeProvider clock)
{
    public async Task<string> GetAsync(Guid userId, string integration, CancellationToken ct = default)
    {
        var connection = await LoadAsync(userId, integration, ct);
        var result = await refresher.RefreshAsync(connection.Id, null, ct);
        return await TokenAfterAsync(result, userId, integration, ct);
    }

    /// <summary>The provider answered 401 to <paramref name="rejected"/>: refresh once (shared with concurrent callers).</summary>
    public async Task<string> GetAfterRejectionAsync(Guid userId, string integration, string rejected, CancellationToken ct = default)
    {
        var connection = await LoadAsync(userId, integration, ct);
        var result = await refresher.RefreshAsync(connection.Id, rejected, ct);
        return await TokenAfterAsync(result, userId, integration, ct);
    }

    private async Task<string> TokenAfterAsync(RefreshResult result, Guid userId, string integration, CancellationToken ct)
    {
        var connection = await LoadAsync(userId, integration, ct);
        // A connection whose refreshes are failing ("error") still works while its current token lasts.
        if (!ConnectionStatus.IsRefreshable(connection.Status) || result is RefreshResult.Expired or RefreshResult.Revoked or RefreshResult.Unavailable
            || connection.ExpiresAt <= clock.GetUtcNow())
        {
            throw new IntegrationUnavailableException(integration, connection.Status,
                connection.StatusMessage ?? $"{Name(integration)} cannot be used right now; reconnect it on the Integrations page.");
        }
        return vault.Open(connection.SealedTokens, connection.Id).AccessToken;
    }

    private async Task<IntegrationConnection> LoadAsync(Guid userId, string integration, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.IntegrationConnections.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == userId && c.Integration == integration, ct)
            ?? throw new IntegrationUnavailableException(integration, ConnectionStatus.NotConnected,
                $"{Name(integration)} is not connected. Connect it on the Integrations page.");
    }

    private string Name(string integration) => catalog.Find(integration)?.DisplayName ?? integration;
}
