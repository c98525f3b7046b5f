using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Integrations.Vault;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Credentials;

/// <summary>A credential as anyone may see it: never its secret data.</summary>
public sealed record CredentialView(Guid Id, string Name, string Type, string[] AllowedHosts, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CredentialView Of(Credential c) => new(c.Id, c.Name, c.Type, c.AllowedHosts, c.CreatedAt, c.UpdatedAt);
}

public enum CredentialDeleteOutcome { Deleted, NotFound, InUse }

/// <summary>A credential opened for one request: only in memory, never logged.</summary>
public sealed record OpenedCredential(Guid Id, string Name, string Type, IReadOnlyDictionary<string, string> Values, string[] AllowedHosts,
    DateTimeOffset UpdatedAt)
{
    public override string ToString() => $"Credential {{ {Name}, {Type}, *** }}";
}

/// <summary>The owner's credentials: stored sealed (bound to their row), listed and changed without their secrets.</summary>
public sealed class CredentialStore(IDbContextFactory<BronnDbContext> contexts, TokenVault vault, TimeProvider clock)
{
    public static string Binding(Guid id) => $"credentials:{id:N}";

    public async Task<CredentialView> CreateAsync(Guid ownerId, CredentialInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var credential = new Credential
        {
            Id = id, OwnerId = ownerId, Name = input.Name!.Trim(), Type = input.Type!, AllowedHosts = Hosts(input),
            SealedData = Seal(id, input.Type!, input.Data!.Value), KeyId = vault.CurrentKeyId, CreatedAt = now, UpdatedAt = now,
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Credentials.Add(credential);
        await db.SaveChangesAsync(ct);
        return CredentialView.Of(credential);
    }

    public async Task<List<CredentialView>> ListAsync(Guid ownerId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await db.Credentials.AsNoTracking().Where(c => c.OwnerId == ownerId).OrderBy(c => c.Name).ToListAsync(ct)).ConvertAll(CredentialView.Of);
    }

    public async Task<CredentialView?> GetAsync(Guid ownerId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Credentials.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId, ct) is { } found ? CredentialView.Of(found) : null;
    }

    /// <summary>The owner's credential with its secret values, for a node to apply; null when it is not the owner's (or gone).</summary>
    public async Task<OpenedCredential?> OpenAsync(Guid ownerId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await db.Credentials.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId, ct);
        if (found is null)
        {
            return null;
        }
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(vault.OpenText(found.SealedData, Binding(id)))!;
        return new OpenedCredential(found.Id, found.Name, found.Type, values, found.AllowedHosts, found.UpdatedAt);
    }

    /// <summary>Replaces name, hosts and (when given) the data; a new type needs new data.</summary>
    public async Task<CredentialView?> UpdateAsync(Guid ownerId, Guid id, CredentialInput input, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var credential = await db.Credentials.SingleOrDefaultAsync(c => c.Id == id && c.OwnerId == ownerId, ct);
        if (credential is null)
        {
            return null;
        }
        if (input.Data is null && input.Type != credential.Type)
        {
            throw new ArgumentException("A credential that changes its type needs its new data.");
        }
        credential.Name = input.Name!.Trim();
        credential.AllowedHosts = Hosts(input);
        if (input.Data is { } data)
        {
            credential.Type = input.Type!;
            credential.SealedData = Seal(id, input.Type!, data);
            credential.KeyId = vault.CurrentKeyId;
        }
        credential.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return CredentialView.Of(credential);
    }

    /// <returns>How it went, and the workflows that still use it when refused.</returns>
    public async Task<(CredentialDeleteOutcome Outcome, IReadOnlyList<string> UsedBy)> DeleteAsync(Guid ownerId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Credentials.AnyAsync(c => c.Id == id && c.OwnerId == ownerId, ct))
        {
            return (CredentialDeleteOutcome.NotFound, []);
        }
        var usedBy = await UsedByAsync(db, ownerId, id, ct);
        if (usedBy.Count > 0)
        {
            return (CredentialDeleteOutcome.InUse, usedBy);
        }
        await db.Credentials.Where(c => c.Id == id && c.OwnerId == ownerId).ExecuteDeleteAsync(ct);
        return (CredentialDeleteOutcome.Deleted, []);
    }

    /// <summary>The names of the owner's workflows whose draft or published version has a node with this credential.</summary>
    public async Task<IReadOnlyList<string>> UsedByAsync(Guid ownerId, Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await UsedByAsync(db, ownerId, id, ct);
    }

    private static async Task<IReadOnlyList<string>> UsedByAsync(BronnDbContext db, Guid ownerId, Guid id, CancellationToken ct)
    {
        var drafts = await db.Workflows.AsNoTracking().Where(w => w.OwnerId == ownerId).Select(w => new { w.Name, w.Definition }).ToListAsync(ct);
        var published = await (from w in db.Workflows.AsNoTracking()
                                join v in db.WorkflowVersions.AsNoTracking() on w.PublishedVersionId equals v.Id
                                where w.OwnerId == ownerId
                                select new { w.Name, v.Definition }).ToListAsync(ct);
        var text = id.ToString();
        return drafts.Concat(published).Where(w => w.Definition.Contains(text, StringComparison.OrdinalIgnoreCase) && Uses(w.Definition, id))
            .Select(w => w.Name).Distinct().Order().ToList();
    }

    private static bool Uses(string definition, Guid id) =>
        (Workflows.WorkflowStore.Parse(definition).Nodes ?? []).Any(n => Guid.TryParse(n.Credential, out var used) && used == id);

    private byte[] Seal(Guid id, string type, JsonElement data) =>
        vault.SealText(JsonSerializer.Serialize(CredentialTypes.Values(type, data)), Binding(id));

    private static string[] Hosts(CredentialInput input) =>
        (input.AllowedHosts ?? []).Select(h => h.Trim().ToLowerInvariant()).Distinct().ToArray();
}
