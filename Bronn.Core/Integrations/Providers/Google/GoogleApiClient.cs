using System.Text.Json;
using Bronn.Core.Integrations.Refresh;

namespace Bronn.Core.Integrations.Providers.Google;

/// <summary>Google APIs report errors as {"error": {"code", "message", "status"}}.</summary>
public abstract class GoogleApiClient(HttpClient http, AccessTokens tokens, IntegrationCatalog catalog)
    : ProviderApiClient(http, tokens, catalog)
{
    protected override (string? Code, string Message)? ErrorOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error)
            ? error.ValueKind == JsonValueKind.Object
                ? (Json.Text(error, "status"), Json.Text(error, "message") ?? "Unknown error")
                : (error.GetString(), Json.Text(body, "error_description") ?? error.GetString() ?? "Unknown error")
            : null;
}
