using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bronn.Testing.StandIns;

public sealed partial class ProviderStandIn
{
    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var fields = await ReadFieldsAsync(request);
        TokenRequests.Enqueue(fields);
        if (!ClientAuthenticated(request, fields))
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }
        return fields.GetValueOrDefault("grant_type") switch
        {
            "authorization_code" => ExchangeCode(fields),
            "refresh_token" => await RefreshAsync(fields),
            _ => Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400),
        };
    }

    private IResult ExchangeCode(IReadOnlyDictionary<string, string> fields)
    {
        if (FailCodeExchange || !codes.TryRemove(fields.GetValueOrDefault("code") ?? "", out var pending)
            || pending.RedirectUri != fields.GetValueOrDefault("redirect_uri")
            || (pending.Challenge is not null && Challenge(fields.GetValueOrDefault("code_verifier") ?? "") != pending.Challenge))
        {
            return Results.Json(new { error = "invalid_grant", error_description = "Bad authorization code." }, statusCode: 400);
        }
        return Tokens(newRefreshToken: IssueRefreshTokens, pending.Scope);
    }

    private async Task<IResult> RefreshAsync(IReadOnlyDictionary<string, string> fields)
    {
        Interlocked.Increment(ref refreshCalls);
        var presented = fields.GetValueOrDefault("refresh_token") ?? "";
        switch (Refresh)
        {
            case RefreshBehaviour.InvalidGrant:
                return Results.Json(new { error = "invalid_grant", error_description = "Token has been expired or revoked." }, statusCode: 400);
            case RefreshBehaviour.ServerError:
                return Results.Json(new { error = "internal_failure" }, statusCode: 500);
            case RefreshBehaviour.Slow:
                await Task.Delay(SlowDelay);
                break;
        }
        if (!liveRefreshTokens.ContainsKey(presented))
        {
            return Results.Json(new { error = "invalid_grant", error_description = "Unknown or spent refresh token." }, statusCode: 400);
        }
        if (Refresh == RefreshBehaviour.Rotating)
        {
            liveRefreshTokens.TryRemove(presented, out _);
            return Tokens(newRefreshToken: true, scope: null);
        }
        return Tokens(newRefreshToken: false, scope: null);
    }

    private IResult Tokens(bool newRefreshToken, string? scope)
    {
        var access = "at-" + Random();
        IssuedAccessTokens.Enqueue(access);
        SuiteLogs.Secret(access);
        validAccessTokens[access] = true;
        string? refresh = null;
        if (newRefreshToken)
        {
            refresh = "rt-" + Random();
            liveRefreshTokens[refresh] = true;
            IssuedRefreshTokens.Enqueue(refresh);
            SuiteLogs.Secret(refresh);
        }
        var idToken = $"{Segment(new { alg = "RS256" })}.{Segment(new { email = Email, sub = "stand-in-user" })}.signature";
        return Results.Json(new Dictionary<string, object?>
        {
            ["access_token"] = access,
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
            ["refresh_token"] = refresh,
            ["scope"] = scope,
            ["id_token"] = idToken,
            ["team"] = new { id = "T1", name = "Stand-in Team" },
            ["authed_user"] = new { id = "U1" },
            ["workspace_name"] = "Stand-in Workspace",
        }.Where(p => p.Value is not null).ToDictionary());
    }

    /// <summary>Makes a refresh token issued elsewhere (seeded by a benchmark) acceptable.</summary>
    public void AcceptRefreshToken(string refreshToken) => liveRefreshTokens[refreshToken] = true;

    private async Task<IResult> RevokeAsync(HttpRequest request)
    {
        var fields = await ReadFieldsAsync(request);
        var token = fields.GetValueOrDefault("token") ?? request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        RevokedTokens.Enqueue(token);
        liveRefreshTokens.TryRemove(token, out _);
        return Results.Ok();
    }

    private static bool ClientAuthenticated(HttpRequest request, IReadOnlyDictionary<string, string> fields)
    {
        var basic = request.Headers.Authorization.ToString();
        if (basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])) == $"{ClientId}:{ClientSecret}";
        }
        return fields.GetValueOrDefault("client_id") == ClientId && fields.GetValueOrDefault("client_secret") == ClientSecret;
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadFieldsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return form.ToDictionary(f => f.Key, f => f.Value.ToString());
        }
        if (request.HasJsonContentType())
        {
            var json = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(request.Body);
            return json ?? [];
        }
        return new Dictionary<string, string>();
    }

    private static string Segment(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
