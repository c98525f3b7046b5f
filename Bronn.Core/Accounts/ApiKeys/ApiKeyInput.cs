using System.Text.Json.Serialization;

namespace Bronn.Core.Accounts.ApiKeys;

/// <summary>What a client sends to create a key.</summary>
public sealed record ApiKeyInput(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("expiresInDays")] int? ExpiresInDays,
    [property: JsonPropertyName("readOnly")] bool? ReadOnly)
{
    public const int MaxNameLength = 100;
    public const int MaxExpiresInDays = 3650;
    public const int MaxKeysPerUser = 50;

    /// <returns>The field at fault and what is wrong, or null when the input is fine.</returns>
    public (string Field, string Message)? Problem()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Trim().Length > MaxNameLength)
        {
            return ("name", $"Give the key a name of 1-{MaxNameLength} characters, such as the script that will use it.");
        }
        if (ExpiresInDays is < 1 or > MaxExpiresInDays)
        {
            return ("expiresInDays", $"'expiresInDays' must be 1-{MaxExpiresInDays}, or left out for a key that does not expire.");
        }
        return null;
    }
}

/// <summary>A key as its owner sees it in a list: never the key.</summary>
public sealed record ApiKeyView(Guid Id, string Name, string Prefix, bool ReadOnly, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt)
{
    public static ApiKeyView Of(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.ReadOnly, k.CreatedAt, k.LastUsedAt, k.ExpiresAt);
}

/// <summary>A key just created: the only time the key itself is returned.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Key, string Prefix, bool ReadOnly, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"CreatedApiKey {{ {Id}, {Name}, {Prefix}…, *** }}";
}

/// <summary>Who a valid key speaks for.</summary>
public sealed record ApiKeyHolder(Guid KeyId, Guid UserId, bool ReadOnly);
