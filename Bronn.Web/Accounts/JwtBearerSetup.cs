using Bronn.Core.Configuration;
using Bronn.Web.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Bronn.Web.Accounts;

/// <summary>
/// One scheme for every caller: API clients send "Authorization: Bearer", the browser sends the same JWT in
/// <see cref="AuthCookie"/>. Issuer, audience, lifetime and algorithm are all pinned.
/// </summary>
internal sealed class JwtBearerSetup(IOptions<BronnOptions> bronn) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options) => Configure(options);

    public void Configure(JwtBearerOptions options)
    {
        var jwt = bronn.Value.Jwt;
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            IssuerSigningKey = AccessTokenIssuer.SigningKey(jwt),
            ValidAlgorithms = [AccessTokenIssuer.Algorithm],
            NameClaimType = BronnClaims.Email,
            RoleClaimType = BronnClaims.Role,
        };
        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                if (!context.Request.Headers.Authorization.Any())
                {
                    // Browsers cannot set headers on WebSockets: hub clients may pass the token as access_token.
                    var fromQuery = context.Request.Path.StartsWithSegments("/hubs") ? context.Request.Query["access_token"].ToString() : "";
                    context.Token = fromQuery.Length > 0 ? fromQuery : context.Request.Cookies[AuthCookie.Name];
                }
                return Task.CompletedTask;
            },
            OnTokenValidated = SessionStanding.CheckAsync,
            OnChallenge = OnChallenge,
            OnForbidden = OnForbidden,
        };
    }

    private static async Task OnChallenge(JwtBearerChallengeContext context)
    {
        var http = context.HttpContext;
        if (context.AuthenticateFailure is not null && http.Request.Cookies.ContainsKey(AuthCookie.Name))
        {
            AuthCookie.Delete(http);
        }
        if (RequestKind.IsBrowserNavigation(http.Request))
        {
            context.HandleResponse();
            var returnUrl = http.Request.PathBase + http.Request.Path + http.Request.QueryString;
            http.Response.Redirect($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return;
        }
        if (RequestKind.IsApi(http.Request))
        {
            context.HandleResponse();
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
                ? "Bearer"
                : "Bearer error=\"invalid_token\"";
            await Problems.WriteAsync(http, StatusCodes.Status401Unauthorized, "Sign-in required",
                "Send a valid access token in the Authorization header (Bearer), or sign in.");
        }
    }

    private static async Task OnForbidden(ForbiddenContext context)
    {
        if (RequestKind.IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Problems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                "Your account does not have access to this. Ask an admin.");
        }
    }
}
