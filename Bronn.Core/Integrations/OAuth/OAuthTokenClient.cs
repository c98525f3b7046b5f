using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bronn.Core.Integrations.Vault;

namespace Bronn.Core.Integrations.OAuth;

/// <summary>
/// Talks to providers' token and revocation endpoints. No automatic retries here: a retried refresh whose first
/// attempt did reach the provider would spend a rotating refresh token twice. The refresher decides when to retry.
/// </summary>
public sealed class OAuthTokenClient(HttpClient http)
{
    private static readonly HashSet<string> DeadGrantErrors =
        ["invalid_grant", "invalid_refresh_token", "token_revoked", "token_expired", "account_inactive", "invalid_code"];

    public Task<TokenEndpointResult> ExchangeCodeAsync(OAuthProviderOptions provider, string code, string redirectUri, string? codeVerifier, CancellationToken ct)
    {
        var fields = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri };
        if (codeVerifier is not null)
        {
            fields["code_verifier"] = codeVerifier;
        }
        return SendAsync(provider, fields, previousRefreshToken: null, ct);
    }

    public Task<TokenEndpointResult> RefreshAsync(OAuthProviderOptions provider, string refreshToken, CancellationToken ct) =>
        SendAsync(provider, new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, refreshToken, ct);

    /// <summary>Best effort: a provider that cannot be reached must not stop a user from disconnecting.</summary>
    public async Task<bool> RevokeAsync(OAuthProviderOptions provider, string token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(provider.RevocationEndpoint))
        {
            return false;
        }
        try
        {
            using var request = Request(provider, provider.RevocationEndpoint, new Dictionary<string, string> { ["token"] = token });
            if (provider.RevocationStyle == RevocationStyle.BearerHeader)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await http.SendAsync(request, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task<TokenEndpointResult> SendAsync(OAuthProviderOptions provider, Dictionary<string, string> fields, string? previousRefreshToken, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            using var request = Request(provider, provider.TokenEndpoint!, fields);
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            return TokenEndpointResult.Fail(TokenFailureKind.Transient, $"The provider could not be reached ({ex.HttpRequestError}).");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return TokenEndpointResult.Fail(TokenFailureKind.Transient, "The provider did not answer in time.");
        }
        using (response)
        {
            return await ReadAsync(response, previousRefreshToken, ct);
        }
    }

    private static async Task<TokenEndpointResult> ReadAsync(HttpResponseMessage response, string? previousRefreshToken, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter?.Delta;
        if (status == 429 || status >= 500)
        {
            return TokenEndpointResult.Fail(TokenFailureKind.Transient, $"The provider answered {status}.", retryAfter);
        }
        JsonElement body;
        try
        {
            body = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).Clone();
        }
        catch (JsonException)
        {
            return TokenEndpointResult.Fail(TokenFailureKind.Rejected, $"The provider answered {status} with a body that is not JSON.");
        }

        var error = Text(body, "error");
        var slackFailed = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False;
        if (!response.IsSuccessStatusCode || error is not null || slackFailed)
        {
            error ??= $"HTTP {status}";
            var description = Text(body, "error_description");
            var message = description is null ? error : $"{error}: {description}";
            return TokenEndpointResult.Fail(DeadGrantErrors.Contains(error) ? TokenFailureKind.InvalidGrant : TokenFailureKind.Rejected, message);
        }

        var accessToken = Text(body, "access_token");
        if (accessToken is null)
        {
            return TokenEndpointResult.Fail(TokenFailureKind.Rejected, "The provider's answer has no access_token.");
        }
        // Providers that do not rotate refresh tokens leave them out of refresh answers: keep the one we had.
        var tokens = new TokenSet(accessToken, Text(body, "refresh_token") ?? previousRefreshToken, Text(body, "id_token"));
        TimeSpan? expiresIn = body.TryGetProperty("expires_in", out var e) && e.TryGetInt64(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
        return new TokenEndpointResult(tokens, expiresIn, Text(body, "scope"), body, null, null, null);
    }

    private static HttpRequestMessage Request(OAuthProviderOptions provider, string endpoint, Dictionary<string, string> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.Accept.ParseAdd("application/json");
        if (provider.ClientAuthentication == ClientAuthenticationStyle.BasicHeader)
        {
            var credentials = $"{Uri.EscapeDataString(provider.ClientId ?? "")}:{Uri.EscapeDataString(provider.ClientSecret ?? "")}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            fields["client_id"] = provider.ClientId ?? "";
            fields["client_secret"] = provider.ClientSecret ?? "";
        }
        request.Content = provider.TokenRequestFormat == TokenRequestFormat.Json
            ? JsonContent.Create(fields)
            : new FormUrlEncodedContent(fields);
        return request;
    }

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
