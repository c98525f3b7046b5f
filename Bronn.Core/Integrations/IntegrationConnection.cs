namespace Bronn.Core.Integrations;

public static class ConnectionStatus
{
    public const string Active = "active";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
    public const string Error = "error";
    public const string NotConnected = "not_connected";

    /// <summary>States the refresher keeps working on: "error" is a failing refresh that may still recover.</summary>
    public static bool IsRefreshable(string status) => status is Active or Error;
}

/// <summary>One user's connection to one integration; its tokens are sealed in <see cref="SealedTokens"/>.</summary>
public sealed class IntegrationConnection
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Integration { get; set; }
    public required string Provider { get; set; }
    public required string Status { get; set; }
    public string? StatusMessage { get; set; }
    public string? Account { get; set; }
    public string? Scopes { get; set; }
    public required byte[] SealedTokens { get; set; }
    public required string KeyId { get; set; }
    public bool HasRefreshToken { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset ConnectedAt { get; set; }
    public DateTimeOffset? LastRefreshedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int FailureCount { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

/// <summary>A pending authorization: created by connect, consumed once by the callback.</summary>
public sealed class OAuthState
{
    /// <summary>SHA-256 of the state value sent to the provider (the value itself is not stored).</summary>
    public required string StateHash { get; set; }
    public Guid UserId { get; set; }
    public required string Integration { get; set; }
    public required string Provider { get; set; }
    public byte[]? SealedCodeVerifier { get; set; }
    public string? ReturnUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
}

public static class IntegrationEventKind
{
    public const string Connected = "connected";
    public const string Refreshed = "refreshed";
    public const string Failed = "failed";
    public const string Revoked = "revoked";
    public const string Recovered = "recovered";
    public const string Disconnected = "disconnected";
    public const string Expired = "expired";
}

public sealed class IntegrationEvent
{
    public long Id { get; set; }
    public Guid UserId { get; set; }
    public required string Integration { get; set; }
    public required string Kind { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
