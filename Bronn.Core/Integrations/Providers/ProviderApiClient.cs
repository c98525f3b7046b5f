using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bronn.Core.Integrations.Refresh;

namespace Bronn.Core.Integrations.Providers;

/// <summary>
/// Base of the typed provider clients: takes the user's token from the vault (refreshed ahead of expiry), and on a
/// 401 refreshes once (shared with concurrent callers) and retries. Retries for 429/5xx live in the HTTP pipeline.
/// </summary>
public abstract class ProviderApiClient(HttpClient http, AccessTokens tokens, IntegrationCatalog catalog)
{
    protected abstract string Integration { get; }

    protected Uri ApiBase => new((catalog.Find(Integration)?.Provider.ApiBaseUrl
        ?? throw new InvalidOperationException($"Integration '{Integration}' is not in the catalog.")).TrimEnd('/') + "/");

    protected async Task<JsonElement> SendAsync(Guid userId, Func<HttpRequestMessage> build, CancellationToken ct)
    {
        var token = await tokens.GetAsync(userId, Integration, ct);
        var response = await SendWithTokenAsync(build, token, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            token = await tokens.GetAfterRejectionAsync(userId, Integration, token, ct);
            response = await SendWithTokenAsync(build, token, ct);
        }
        using (response)
        {
            var body = await ReadJsonAsync(response, ct);
            if (!response.IsSuccessStatusCode || ErrorOf(body) is not null)
            {
                var (code, message) = ErrorOf(body) ?? (null, $"HTTP {(int)response.StatusCode}");
                throw new ProviderApiException(Integration, (int)response.StatusCode, code, message);
            }
            return body;
        }
    }

    /// <summary>The provider's error code and message in a body, or null when the body reports no error.</summary>
    protected abstract (string? Code, string Message)? ErrorOf(JsonElement body);

    protected Uri Url(string relative) => new(ApiBase, relative);

    private async Task<HttpResponseMessage> SendWithTokenAsync(Func<HttpRequestMessage> build, string token, CancellationToken ct)
    {
        var request = build();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, ct);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(new { message = text.Length > 300 ? text[..300] : text })).RootElement.Clone();
        }
    }
}
