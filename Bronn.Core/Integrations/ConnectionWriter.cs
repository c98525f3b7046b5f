using Bronn.Core.Data;
using Bronn.Core.Integrations.OAuth;
using Bronn.Core.Integrations.Providers;
using Bronn.Core.Integrations.Vault;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Bronn.Core.Integrations;

/// <summary>Stores a freshly granted connection (new, or replacing the user's previous one for that integration).</summary>
public sealed class ConnectionWriter(
    IDbContextFactory<BronnDbContext> contexts, TokenVault vault, IEnumerable<IAccountReader> readers, TimeProvider clock)
{
    public async Task SaveNewGrantAsync(Guid userId, IntegrationDescriptor integration, TokenEndpointResult grant, CancellationToken ct)
    {
        var reader = readers.FirstOrDefault(r => r.Provider == integration.ProviderName) ?? readers.First(r => r.Provider is null);
        var account = await reader.ReadAsync(integration, grant, ct);
        try
        {
            await SaveAsync(userId, integration, grant, account, ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two callbacks for the same user and integration raced to insert: the second one updates instead.
            await SaveAsync(userId, integration, grant, account, ct);
        }
    }

    private async Task SaveAsync(Guid userId, IntegrationDescriptor integration, TokenEndpointResult grant, string? account, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var connection = await db.IntegrationConnections.SingleOrDefaultAsync(c => c.UserId == userId && c.Integration == integration.Name, ct);
        if (connection is null)
        {
            connection = new IntegrationConnection
            {
                Id = Guid.CreateVersion7(), UserId = userId, Integration = integration.Name, Provider = integration.ProviderName,
                Status = ConnectionStatus.Active, SealedTokens = [], KeyId = vault.CurrentKeyId, ConnectedAt = now,
            };
            db.IntegrationConnections.Add(connection);
        }
        connection.Provider = integration.ProviderName;
        connection.SealedTokens = vault.Seal(grant.Tokens!, connection.Id);
        connection.KeyId = vault.CurrentKeyId;
        connection.HasRefreshToken = grant.Tokens!.RefreshToken is not null;
        connection.Status = ConnectionStatus.Active;
        connection.StatusMessage = null;
        connection.Account = account;
        connection.Scopes = grant.Scope ?? string.Join(' ', integration.Scopes);
        connection.ExpiresAt = grant.ExpiresIn is { } lifetime ? now + lifetime : null;
        connection.ConnectedAt = now;
        connection.LastRefreshedAt = null;
        connection.UpdatedAt = now;
        connection.FailureCount = 0;
        connection.NextAttemptAt = null;
        connection.LeaseOwner = null;
        connection.LeaseExpiresAt = null;
        IntegrationJournal.Record(db, clock.GetUtcNow(), userId, integration.Name, IntegrationEventKind.Connected, account is null ? null : $"Connected as {account}.");
        await db.SaveChangesAsync(ct);
        await IntegrationJournal.NotifyAsync(db, userId, integration.Name, ct);
    }
}
