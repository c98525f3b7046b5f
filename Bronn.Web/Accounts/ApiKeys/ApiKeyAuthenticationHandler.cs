using System.Security.Claims;
using System.Text.Encodings.Web;
using Bronn.Core.Accounts;
using Bronn.Core.Accounts.ApiKeys;
using Bronn.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Accounts.ApiKeys;

/// <summary>
/// Signs a request in as the owner of the personal API key it carries (Authorization: Bearer bronn_… or
/// X-Bronn-Api-Key). The owner's role is read as for a login token, so a demoted admin's keys lose admin at once.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyStore keys, AccountSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Bronn-Api-Key";

    /// <summary>True when the request carries a personal API key rather than a login token.</summary>
    public static bool Carries(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderName) || ApiKeyStore.LooksLikeKey(BearerOf(request));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers.TryGetValue(HeaderName, out var header) ? header.ToString() : BearerOf(Request);
        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }
        if (await keys.AuthenticateAsync(key, Context.RequestAborted) is not { } holder
            || await sessions.StandingAsync(holder.UserId, Context.RequestAborted) is not { } standing)
        {
            return AuthenticateResult.Fail("The API key is not valid: it was revoked, has expired, or never existed.");
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(BronnClaims.UserId, holder.UserId.ToString()),
            new Claim(BronnClaims.Role, standing.Role),
            new Claim(BronnClaims.ApiKeyId, holder.KeyId.ToString()),
            new Claim(BronnClaims.ApiKeyAccess, holder.ReadOnly ? ApiKeyAccess.ReadOnly : ApiKeyAccess.Full),
        ], SchemeName, BronnClaims.Email, BronnClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Invalid API key",
            "The API key is not valid: it was revoked, has expired, or never existed. Create a new one on your account page.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden",
            "Your account does not have access to this. Ask an admin.");

    private static string? BearerOf(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim()
            : null;
}

public static class ApiKeyAccess
{
    public const string Full = "full";
    public const string ReadOnly = "read";
}
