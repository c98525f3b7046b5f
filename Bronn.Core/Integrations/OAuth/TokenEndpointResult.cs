using System.Text.Json;
using Bronn.Core.Integrations.Vault;

namespace Bronn.Core.Integrations.OAuth;

public enum TokenFailureKind
{
    /// <summary>The grant is dead (invalid_grant or the provider's equivalent): the user must reconnect.</summary>
    InvalidGrant,
    /// <summary>Network error, timeout, 5xx or 429: try again later.</summary>
    Transient,
    /// <summary>Anything else the provider refused (bad client credentials, bad request).</summary>
    Rejected,
}

/// <summary>What a token endpoint answered. <see cref="Body"/> keeps the provider's extra fields (team, workspace...).</summary>
public sealed record TokenEndpointResult(
    TokenSet? Tokens, TimeSpan? ExpiresIn, string? Scope, JsonElement Body,
    TokenFailureKind? Failure, string? Error, TimeSpan? RetryAfter)
{
    public bool Succeeded => Tokens is not null;

    public static TokenEndpointResult Fail(TokenFailureKind kind, string error, TimeSpan? retryAfter = null) =>
        new(null, null, null, default, kind, error, retryAfter);
}
