using System.Net;
using System.Text;
using System.Text.Json;
using System.Web;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Integrations;

public sealed class OAuthFlowTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    [Fact]
    public async Task Connect_sends_the_browser_to_google_with_state_pkce_and_offline_consent()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var authorize = await client.StartAsync(token, "gmail");

        Assert.StartsWith(app.Provider.Url("/oauth/authorize"), authorize.ToString());
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.True(query["state"]!.Length >= 32);
        Assert.Equal("offline", query["access_type"]);
        Assert.Equal("consent", query["prompt"]);
        Assert.Contains("https://www.googleapis.com/auth/gmail.send", query["scope"]!.Split(' '));
        Assert.Equal($"{app.ServerAddress.ToString().TrimEnd('/')}/integrations/callback/google", query["redirect_uri"]);
    }

    [Fact]
    public async Task A_completed_flow_stores_an_active_connection_with_the_account_and_expiry()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var landing = await client.ConnectAsync(token, "gmail");

        Assert.Equal("/integrations", landing.AbsolutePath);
        Assert.Equal("connected", landing.Outcome());
        var status = await client.StatusAsync(token, "gmail");
        Assert.Equal("active", status.GetProperty("status").GetString());
        Assert.Equal(app.Provider.Email, status.GetProperty("account").GetString());
        var expiresAt = status.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("last_refreshed_at").ValueKind);
        var body = (await client.GetWithTokenAsync("/integrations/status/gmail", token)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("at-", await body);
    }

    [Fact]
    public async Task The_stored_row_contains_no_token_in_any_encoding()
    {
        var email = ApiClient.UniqueEmail();
        var token = await client.TokenForAsync(email);
        await client.ConnectAsync(token, "google_drive");
        var access = app.Provider.IssuedAccessTokens.Last();
        var refresh = app.Provider.IssuedRefreshTokens.Last();

        var row = await app.Database.ScalarAsync<string>(
            $"SELECT row_to_json(c)::text FROM integration_connections c JOIN users u ON u.id = c.user_id WHERE u.email = '{email}'");

        Assert.NotNull(row);
        foreach (var secret in new[] { access, refresh })
        {
            foreach (var form in Encodings(secret))
            {
                Assert.DoesNotContain(form, row, StringComparison.OrdinalIgnoreCase);
            }
        }
        var events = await app.Database.ScalarAsync<string>("SELECT string_agg(coalesce(message, '') || kind, ' ') FROM integration_events");
        Assert.DoesNotContain(access, events ?? "");
    }

    [Fact]
    public async Task A_callback_opened_without_a_session_connects_nobody_until_the_starter_signs_in()
    {
        // An attacker starts a flow and sends the callback link to a victim who is not signed in to Bronn.
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var callback = await ConnectSteps.AuthorizeAsync(await client.StartAsync(token, "slack"));

        var anonymous = await client.CallbackAsync(callback);

        Assert.Equal("/signin", anonymous.AbsolutePath);
        Assert.Equal(callback.PathAndQuery, HttpUtility.ParseQueryString(anonymous.Query)["returnUrl"]);
        Assert.Equal("not_connected", (await client.StatusAsync(token, "slack")).GetProperty("status").GetString());

        // Signed in as the account that started it (the sign-in page sends the browser back), the same callback connects.
        var landing = await client.CallbackAsync(callback, token);

        Assert.Equal("connected", landing.Outcome());
        var status = await client.StatusAsync(token, "slack");
        Assert.Equal("active", status.GetProperty("status").GetString());
        Assert.Equal("Stand-in Team (U1)", status.GetProperty("account").GetString());
    }

    [Fact]
    public async Task Notion_uses_basic_client_authentication_and_a_json_body()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var landing = await client.ConnectAsync(token, "notion");

        Assert.Equal("connected", landing.Outcome());
        Assert.Equal("Stand-in Workspace", (await client.StatusAsync(token, "notion")).GetProperty("account").GetString());
        var exchange = app.Provider.TokenRequests.Last(r => r.GetValueOrDefault("grant_type") == "authorization_code");
        Assert.False(exchange.ContainsKey("client_secret")); // sent as HTTP Basic, and the stand-in read the body as JSON
    }

    [Fact]
    public async Task Disconnect_revokes_at_the_provider_deletes_the_credentials_and_writes_an_event()
    {
        var email = ApiClient.UniqueEmail();
        var token = await client.TokenForAsync(email);
        await client.ConnectAsync(token, "gmail");
        var refresh = app.Provider.IssuedRefreshTokens.Last();

        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/integrations/gmail");
        request.Headers.Authorization = new("Bearer", token);
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(refresh, app.Provider.RevokedTokens);
        Assert.Equal("not_connected", (await client.StatusAsync(token, "gmail")).GetProperty("status").GetString());
        Assert.Equal("connected,disconnected", await app.Database.ScalarAsync<string>(
            $"SELECT string_agg(e.kind, ',' ORDER BY e.id) FROM integration_events e JOIN users u ON u.id = e.user_id WHERE u.email = '{email}'"));
    }

    [Fact]
    public async Task The_list_names_every_integration_with_the_users_status()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        await client.ConnectAsync(token, "slack");

        var list = await (await client.GetWithTokenAsync("/api/integrations", token)).JsonAsync();

        var statuses = list.EnumerateArray().ToDictionary(e => e.GetProperty("integration").GetString()!, e => e.GetProperty("status").GetString());
        Assert.Equal(["gmail", "google_drive", "notion", "slack"], statuses.Keys.Order());
        Assert.Equal("active", statuses["slack"]);
        Assert.Equal("not_connected", statuses["gmail"]);
    }

    private static IEnumerable<string> Encodings(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        yield return secret;
        yield return Convert.ToBase64String(bytes);
        yield return Convert.ToBase64String(bytes).TrimEnd('=');
        yield return Convert.ToHexString(bytes);
        yield return JsonSerializer.Serialize(secret);
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { access_token = secret })));
    }
}
