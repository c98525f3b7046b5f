using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bronn.Testing.StandIns;

/// <summary>
/// A local OAuth2 provider on a loopback port, speaking the documented contract: an authorization endpoint that
/// redirects back with a code, a token endpoint for authorization_code (with PKCE) and refresh_token grants with
/// switchable behaviour, revocation and userinfo. It records what it received.
/// </summary>
public sealed partial class ProviderStandIn : IAsyncDisposable
{
    public const string ClientId = "stand-in-client";
    public const string ClientSecret = "stand-in-secret";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, PendingCode> codes = new();
    private readonly ConcurrentDictionary<string, bool> liveRefreshTokens = new();
    private readonly ConcurrentDictionary<string, bool> validAccessTokens = new();
    private int refreshCalls;

    private ProviderStandIn(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = default!;
    public string Email { get; set; } = "ann@stand-in.example";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
    public bool IssueRefreshTokens { get; set; } = true;
    public bool DenyAuthorization { get; set; }
    public bool FailCodeExchange { get; set; }
    public RefreshBehaviour Refresh { get; set; } = RefreshBehaviour.Normal;
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    public int RefreshCalls => Volatile.Read(ref refreshCalls);
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();
    public ConcurrentQueue<string> RevokedTokens { get; } = new();
    public ConcurrentQueue<string> IssuedAccessTokens { get; } = new();
    public ConcurrentQueue<string> IssuedRefreshTokens { get; } = new();

    public static async Task<ProviderStandIn> StartAsync(int port = 0)
    {
        foreach (var secret in new[] { ClientSecret, ApiClientSecret, ApiKeyValue })
        {
            SuiteLogs.Secret(secret);
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var standIn = new ProviderStandIn(builder.Build());
        standIn.MapEndpoints();
        await standIn.app.StartAsync();
        standIn.BaseAddress = new Uri(standIn.app.Urls.First());
        return standIn;
    }

    /// <summary>Points one of Bronn's providers at this stand-in.</summary>
    public void Configure(IDictionary<string, string?> settings, string provider)
    {
        var prefix = $"Integrations:Providers:{provider}:";
        settings[prefix + "ClientId"] = ClientId;
        settings[prefix + "ClientSecret"] = ClientSecret;
        settings[prefix + "AuthorizationEndpoint"] = Url("/oauth/authorize");
        settings[prefix + "TokenEndpoint"] = Url("/oauth/token");
        settings[prefix + "RevocationEndpoint"] = Url("/oauth/revoke");
        settings[prefix + "UserInfoEndpoint"] = Url("/oauth/userinfo");
        settings[prefix + "ApiBaseUrl"] = BaseAddress.ToString().TrimEnd('/');
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private sealed record PendingCode(string ClientId, string RedirectUri, string? Challenge, string? Scope);

    private void MapEndpoints()
    {
        app.MapGet("/oauth/authorize", Authorize);
        app.MapPost("/oauth/token", TokenAsync);
        app.MapPost("/oauth/revoke", RevokeAsync);
        MapApis();
        MapHttpApis();
        app.MapGet("/oauth/userinfo", (HttpRequest r) =>
            r.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                ? Results.Json(new { sub = "stand-in-user", email = Email })
                : Results.Unauthorized());
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        var redirect = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        if (DenyAuthorization)
        {
            return Results.Redirect($"{redirect}?error=access_denied&state={Uri.EscapeDataString(state)}");
        }
        var code = Random();
        codes[code] = new PendingCode(query["client_id"].ToString(), redirect, query["code_challenge"].FirstOrDefault(), query["scope"].FirstOrDefault());
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(state)}");
    }

    private static string Random() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    private static string Challenge(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
