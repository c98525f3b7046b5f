using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Integrations.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Integrations.OAuth;

/// <summary>Starts an authorization (state + PKCE) and sends the browser to the provider.</summary>
public sealed class OAuthConnectFlow(
    IDbContextFactory<BronnDbContext> contexts, TokenVault vault,
    IOptions<BronnOptions> bronn, TimeProvider clock)
{
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    public string RedirectUri(string provider) => $"{bronn.Value.PublicBaseUrl.TrimEnd('/')}/integrations/callback/{provider}";

    /// <returns>The provider's authorization URL for this user and integration.</returns>
    public async Task<string> StartAsync(Guid userId, IntegrationDescriptor integration, string? returnUrl, CancellationToken ct)
    {
        var state = RandomToken();
        var verifier = integration.Provider.UsePkce ? RandomToken() : null;
        var now = clock.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.OAuthStates.Add(new OAuthState
            {
                StateHash = Hash(state),
                UserId = userId,
                Integration = integration.Name,
                Provider = integration.ProviderName,
                SealedCodeVerifier = verifier is null ? null : vault.SealText(verifier, StateBinding(state)),
                ReturnUrl = returnUrl,
                CreatedAt = now,
                ExpiresAt = now + StateLifetime,
            });
            // Old, unused states are of no use to anyone: sweep them as new ones arrive.
            await db.OAuthStates.Where(s => s.ExpiresAt < now - StateLifetime).ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
        }

        var provider = integration.Provider;
        var query = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", provider.ClientId!),
            new("redirect_uri", RedirectUri(integration.ProviderName)),
            new("state", state),
        };
        if (integration.Scopes.Count > 0)
        {
            query.Add(new(provider.ScopeParameter, string.Join(provider.ScopeSeparator, integration.Scopes)));
        }
        if (verifier is not null)
        {
            query.Add(new("code_challenge", Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))));
            query.Add(new("code_challenge_method", "S256"));
        }
        query.AddRange(provider.AuthorizeParameters);
        var separator = provider.AuthorizationEndpoint!.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return provider.AuthorizationEndpoint + separator + string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }

    public static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    public static string StateBinding(string state) => $"oauth_states:{Hash(state)}";

    private static string RandomToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
