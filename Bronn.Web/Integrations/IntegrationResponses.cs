using System.Text.Json.Serialization;
using Bronn.Core.Integrations;

namespace Bronn.Web.Integrations;

/// <summary>The public status contract: GET /integrations/status/{integration} and GET /api/integrations.</summary>
public sealed record IntegrationStatusResponse(
    [property: JsonPropertyName("integration")] string Integration,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("account")] string? Account,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("last_refreshed_at")] DateTimeOffset? LastRefreshedAt,
    [property: JsonPropertyName("display_name")] string DisplayName,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("configured")] bool Configured,
    [property: JsonPropertyName("message")] string? Message)
{
    public static IntegrationStatusResponse From(ConnectionView view) => new(
        view.Integration, view.Status, view.Account, view.ExpiresAt, view.LastRefreshedAt, view.DisplayName, view.Provider,
        view.IsConfigured, view.StatusMessage);
}

public sealed record AdminConnectionResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("user_id")] Guid UserId,
    [property: JsonPropertyName("user_email")] string UserEmail,
    [property: JsonPropertyName("integration")] string Integration,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("account")] string? Account,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("last_refreshed_at")] DateTimeOffset? LastRefreshedAt,
    [property: JsonPropertyName("message")] string? Message);
