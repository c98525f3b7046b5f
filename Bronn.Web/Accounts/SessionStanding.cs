using System.Security.Claims;
using Bronn.Core.Accounts;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Bronn.Web.Accounts;

/// <summary>
/// A signed token proves who someone was when it was issued; on every request the account must still exist with the
/// same security stamp (401 otherwise), and its role is taken from the database, not the token (a demoted admin gets
/// 403 at once).
/// </summary>
internal static class SessionStanding
{
    public static async Task CheckAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<AccountSessions>();
        if (BronnClaims.UserIdOf(principal) is not { } userId
            || await sessions.StandingAsync(userId, context.HttpContext.RequestAborted) is not { } standing
            || principal.FindFirstValue(BronnClaims.SecurityStamp) != standing.SecurityStamp.ToString("N"))
        {
            context.Fail("This session has ended: the account was changed, deleted or signed out everywhere. Sign in again.");
            return;
        }
        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var role in identity.FindAll(BronnClaims.Role).ToList())
        {
            identity.RemoveClaim(role);
        }
        identity.AddClaim(new Claim(BronnClaims.Role, standing.Role));
    }

    /// <summary>The same rule for a live Blazor circuit, which outlives the request that opened it.</summary>
    public static async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, AccountSessions sessions, CancellationToken ct) =>
        BronnClaims.UserIdOf(principal) is { } userId
        && await sessions.StandingAsync(userId, ct) is { } standing
        && principal.FindFirstValue(BronnClaims.SecurityStamp) == standing.SecurityStamp.ToString("N")
        && principal.FindFirstValue(BronnClaims.Role) == standing.Role;
}
