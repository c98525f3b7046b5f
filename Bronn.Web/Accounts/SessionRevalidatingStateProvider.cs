using System.Security.Claims;
using Bronn.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bronn.Web.Accounts;

/// <summary>
/// A Blazor circuit can outlive the token it started with; every minute this signs the circuit out when the
/// token has expired, or the account is gone or changed (role, password, signed out everywhere), and the router then
/// sends the user to sign-in.
/// </summary>
internal sealed class SessionRevalidatingStateProvider(
    ILoggerFactory loggerFactory, AccountSessions sessions, TimeProvider clock)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        var user = state.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        if (long.TryParse(user.FindFirstValue(JwtRegisteredClaimNames.Exp), out var exp)
            && DateTimeOffset.FromUnixTimeSeconds(exp) <= clock.GetUtcNow())
        {
            return false;
        }
        return await SessionStanding.IsCurrentAsync(user, sessions, cancellationToken);
    }
}
