using System.Net;
using System.Security.Claims;
using System.Text;
using Bronn.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bronn.Web.Tests.Api;

public sealed class TokenValidationTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    [Fact]
    public async Task A_token_signed_here_for_a_real_account_is_accepted()
    {
        var (id, email) = await RegisterAsync();

        var response = await client.GetWithTokenAsync("/api/auth/me", Forge(id, email, stamp: await StampAsync(id)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("00000000000000000000000000000000")]
    public async Task A_validly_signed_token_without_the_accounts_current_security_stamp_is_401(string? stamp)
    {
        var (id, email) = await RegisterAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/auth/me", Forge(id, email, stamp: stamp))).StatusCode);
    }

    private Task<string?> StampAsync(string id) =>
        app.Database.ScalarAsync<string>($"SELECT replace(security_stamp::text, '-', '') FROM users WHERE id = '{id}'");

    public static TheoryData<string> BadTokens => ["tampered", "expired", "wrong issuer", "wrong audience", "alg none", "other key", "HS512", "garbage", "no expiry"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_by_header_and_by_cookie(string kind)
    {
        var (id, email) = await RegisterAsync();
        var token = kind switch
        {
            "tampered" => Tamper(Forge(id, email)),
            "expired" => Forge(id, email, issuedAt: DateTime.UtcNow.AddHours(-1), lifetime: TimeSpan.FromMinutes(55)),
            "wrong issuer" => Forge(id, email, issuer: "someone-else"),
            "wrong audience" => Forge(id, email, audience: "someone-else"),
            "alg none" => Unsigned(id, email),
            "other key" => Forge(id, email, key: "a-completely-different-signing-key-of-length"),
            "HS512" => Forge(id, email, algorithm: SecurityAlgorithms.HmacSha512, key: BronnAppFactory.SigningKey + BronnAppFactory.SigningKey),
            "garbage" => "not-a-jwt",
            "no expiry" => Forge(id, email, hasExpiry: false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var byHeader = await client.GetWithTokenAsync("/api/auth/me", token);
        var byCookie = await client.GetWithCookieAsync("/api/auth/me", token, "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byCookie.StatusCode);
    }

    private async Task<(string Id, string Email)> RegisterAsync()
    {
        var email = ApiClient.UniqueEmail();
        var created = await (await client.RegisterAsync(email)).JsonAsync();
        return (created.GetProperty("id").GetString()!, email);
    }

    private static string Forge(string id, string email, string issuer = "bronn", string audience = "bronn",
        DateTime? issuedAt = null, TimeSpan? lifetime = default, string key = BronnAppFactory.SigningKey,
        string algorithm = SecurityAlgorithms.HmacSha256, bool hasExpiry = true, string? stamp = null)
    {
        var now = issuedAt ?? DateTime.UtcNow;
        lifetime = hasExpiry ? lifetime ?? TimeSpan.FromHours(1) : null;
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = lifetime is { } span ? now + span : null,
            Subject = new ClaimsIdentity(new[] { new Claim("sub", id), new Claim("email", email), new Claim("role", "admin") }
                .Concat(stamp is null ? [] : [new Claim("stamp", stamp)])),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    // Changes the role claim to something else while keeping the original signature.
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"admin\"", "\"owner\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private static string Unsigned(string id, string email)
    {
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{id}}","email":"{{email}}","role":"admin","iss":"bronn","aud":"bronn","exp":{{exp}}}""");
        return $"{header}.{payload}.";
    }
}
