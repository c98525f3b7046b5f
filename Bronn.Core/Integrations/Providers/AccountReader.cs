using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bronn.Core.Integrations.OAuth;

namespace Bronn.Core.Integrations.Providers;

/// <summary>Names the account a fresh connection belongs to, so the UI can say "Connected as ...".</summary>
public interface IAccountReader
{
    /// <summary>The provider this reader knows, or null for the fallback used by configuration-only providers.</summary>
    string? Provider { get; }

    Task<string?> ReadAsync(IntegrationDescriptor integration, TokenEndpointResult tokens, CancellationToken ct);
}

/// <summary>For any OAuth2 provider: the UserInfoEndpoint's email, name or sub, when one is configured.</summary>
public sealed class UserInfoAccountReader(HttpClient http) : IAccountReader
{
    public string? Provider => null;

    public async Task<string?> ReadAsync(IntegrationDescriptor integration, TokenEndpointResult tokens, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(integration.Provider.UserInfoEndpoint))
        {
            return null;
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, integration.Provider.UserInfoEndpoint);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Tokens!.AccessToken);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return Json.Text(body, "email") ?? Json.Text(body, "name") ?? Json.Text(body, "sub");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            return null;
        }
    }
}

public static class Json
{
    public static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }
}
