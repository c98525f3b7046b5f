using System.Text.Json;
using Bronn.Core.Integrations.OAuth;
using System.Buffers.Text;

namespace Bronn.Core.Integrations.Providers.Google;

/// <summary>
/// Google: the id_token's email when "openid email" was granted, else the userinfo endpoint. The id_token came
/// straight from Google's token endpoint over TLS, which OpenID Connect accepts in place of a signature check.
/// </summary>
public sealed class GoogleAccountReader(UserInfoAccountReader userInfo) : IAccountReader
{
    public string? Provider => "google";

    public async Task<string?> ReadAsync(IntegrationDescriptor integration, TokenEndpointResult tokens, CancellationToken ct)
    {
        var idToken = tokens.Tokens?.IdToken;
        if (idToken?.Split('.') is [_, var payload, _])
        {
            try
            {
                using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(payload));
                if (Json.Text(claims.RootElement, "email") is { } email)
                {
                    return email;
                }
            }
            catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
            {
                // Fall through to the userinfo endpoint.
            }
        }
        return await userInfo.ReadAsync(integration, tokens, ct);
    }
}
