using System.Security.Claims;
using System.Text;
using Bronn.Core.Accounts;
using Bronn.Core.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bronn.Web.Accounts;

public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt, int ExpiresInSeconds);

public sealed class AccessTokenIssuer(IOptions<BronnOptions> options, TimeProvider clock)
{
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    public AccessToken Issue(User user)
    {
        var jwt = options.Value.Jwt;
        var now = clock.GetUtcNow();
        var expires = now + jwt.TokenLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Email, user.Email),
                new Claim(BronnClaims.Role, user.Role),
                new Claim(BronnClaims.SecurityStamp, user.SecurityStamp.ToString("N")),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(SigningKey(jwt), Algorithm),
        };
        var token = new JsonWebTokenHandler().CreateToken(descriptor);
        return new AccessToken(token, expires, (int)jwt.TokenLifetime.TotalSeconds);
    }

    public static SymmetricSecurityKey SigningKey(JwtOptions jwt) => new(Encoding.UTF8.GetBytes(jwt.SigningKey!));
}

public static class BronnClaims
{
    public const string Role = "role";
    public const string Email = JwtRegisteredClaimNames.Email;
    public const string UserId = JwtRegisteredClaimNames.Sub;
    public const string SecurityStamp = "stamp";
    /// <summary>Set when a personal API key signed the request in: its id and its access (full or read).</summary>
    public const string ApiKeyId = "api_key";
    public const string ApiKeyAccess = "api_key_access";

    public static Guid? UserIdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(UserId), out var id) ? id : null;
}
