using System.Security.Cryptography;
using System.Text;
using Bronn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Accounts.ApiKeys;

public enum ApiKeyCreateOutcome { Created, TooMany }

/// <summary>Creates, lists, revokes and checks personal API keys; only their hashes are stored.</summary>
public sealed class ApiKeyStore(IDbContextFactory<BronnDbContext> contexts, TimeProvider clock)
{
    /// <summary>What every key starts with, so a script (and a secret scanner) can tell one from a login token.</summary>
    public const string KeyStart = "bronn_";

    /// <summary>How stale "last used" may get: a busy key is not written on every request.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public static bool LooksLikeKey(string? text) => text is not null && text.StartsWith(KeyStart, StringComparison.Ordinal);

    public async Task<(ApiKeyCreateOutcome Outcome, CreatedApiKey? Key)> CreateAsync(Guid ownerId, ApiKeyInput input, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.ApiKeys.CountAsync(k => k.OwnerId == ownerId, ct) >= ApiKeyInput.MaxKeysPerUser)
        {
            return (ApiKeyCreateOutcome.TooMany, null);
        }
        var key = KeyStart + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var row = new ApiKey
        {
            Id = Guid.CreateVersion7(), OwnerId = ownerId, Name = input.Name!.Trim(), Prefix = key[..(KeyStart.Length + 6)],
            Hash = HashOf(key), ReadOnly = input.ReadOnly ?? false, CreatedAt = now,
            ExpiresAt = input.ExpiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return (ApiKeyCreateOutcome.Created, new CreatedApiKey(row.Id, row.Name, key, row.Prefix, row.ReadOnly, row.ExpiresAt));
    }

    public async Task<List<ApiKeyView>> ListAsync(Guid ownerId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await db.ApiKeys.AsNoTracking().Where(k => k.OwnerId == ownerId).OrderByDescending(k => k.CreatedAt).ToListAsync(ct))
            .ConvertAll(ApiKeyView.Of);
    }

    /// <returns>False when the owner has no such key.</returns>
    public async Task<bool> RevokeAsync(Guid ownerId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiKeys.Where(k => k.Id == id && k.OwnerId == ownerId).ExecuteDeleteAsync(ct) > 0;
    }

    /// <returns>Who the key speaks for, or null when it is unknown, revoked or expired.</returns>
    public async Task<ApiKeyHolder?> AuthenticateAsync(string key, CancellationToken ct = default)
    {
        if (!LooksLikeKey(key) || key.Length > 200)
        {
            return null;
        }
        var hash = HashOf(key);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await db.ApiKeys.AsNoTracking().Where(k => k.Hash == hash)
            .Select(k => new { k.Id, k.OwnerId, k.ReadOnly, k.ExpiresAt, k.LastUsedAt }).SingleOrDefaultAsync(ct);
        if (found is null || found.ExpiresAt <= now)
        {
            return null;
        }
        if (found.LastUsedAt is null || now - found.LastUsedAt >= LastUsedPrecision)
        {
            await db.ApiKeys.Where(k => k.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
        }
        return new ApiKeyHolder(found.Id, found.OwnerId, found.ReadOnly);
    }

    public static byte[] HashOf(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
