using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Bronn.Core.Integrations.Vault;

/// <summary>
/// Re-seals every stored credential under the current key. Rows sealed with an older key stay readable until
/// then, so rotating a key needs no downtime: add the new key, make it current, restart, run this.
/// </summary>
public sealed class VaultRotation(IDbContextFactory<BronnDbContext> contexts, TokenVault vault, ILogger<VaultRotation> logger)
{
    public async Task<int> ReencryptAsync(CancellationToken ct = default)
    {
        var current = vault.CurrentKeyId;
        var total = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var batch = await db.IntegrationConnections.AsNoTracking().Where(c => c.KeyId != current)
                .OrderBy(c => c.Id).Take(500).Select(c => new { c.Id, c.SealedTokens }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var row in batch)
            {
                var resealed = vault.Seal(vault.Open(row.SealedTokens, row.Id), row.Id);
                // Only if nobody rewrote the row meanwhile: a refresh that did already sealed it with the current key,
                // and overwriting it would bring back a spent refresh token.
                total += await db.IntegrationConnections
                    .Where(c => c.Id == row.Id && c.SealedTokens == row.SealedTokens)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.SealedTokens, resealed).SetProperty(c => c.KeyId, current), ct);
            }
        }
        total += await ReencryptCredentialsAsync(current, ct);
        logger.LogInformation("Re-encrypted {Count} credential(s) under key {KeyId}", total, current);
        return total;
    }

    /// <summary>The users' own credentials (API keys, tokens, passwords), bound to their rows like the connections.</summary>
    private async Task<int> ReencryptCredentialsAsync(string current, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var batch = await db.Credentials.AsNoTracking().Where(c => c.KeyId != current)
                .OrderBy(c => c.Id).Take(500).Select(c => new { c.Id, c.SealedData }).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return total;
            }
            foreach (var row in batch)
            {
                var binding = Credentials.CredentialStore.Binding(row.Id);
                var resealed = vault.SealText(vault.OpenText(row.SealedData, binding), binding);
                total += await db.Credentials.Where(c => c.Id == row.Id && c.SealedData == row.SealedData)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.SealedData, resealed).SetProperty(c => c.KeyId, current), ct);
            }
        }
    }
}
