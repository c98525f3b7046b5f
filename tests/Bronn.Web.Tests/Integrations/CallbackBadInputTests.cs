using System.Net;
using System.Web;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Integrations;

public sealed class CallbackBadInputTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    [Theory]
    [InlineData("/integrations/callback/google")]
    [InlineData("/integrations/callback/google?code=abc")]
    [InlineData("/integrations/callback/google?code=abc&state=never-issued")]
    [InlineData("/integrations/callback/google?error=access_denied")]
    public async Task A_missing_or_unknown_state_lands_on_a_plain_outcome_and_stores_nothing(string path)
    {
        var before = await app.ConnectionCountAsync();
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var response = await client.GetWithCookieAsync(path, token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/integrations?outcome=invalid_state", response.Headers.Location!.OriginalString);
        Assert.Equal(before, await app.ConnectionCountAsync());
    }

    [Fact]
    public async Task An_unknown_provider_in_the_callback_is_rejected()
    {
        var response = await client.GetWithCookieAsync("/integrations/callback/myspace?code=a&state=b", await client.TokenForAsync(ApiClient.UniqueEmail()));

        Assert.Equal("unknown", new Uri(client.BaseAddress!, response.Headers.Location!).Outcome());
    }

    [Fact]
    public async Task A_reused_state_is_refused_and_the_existing_connection_is_untouched()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var callback = await ConnectSteps.AuthorizeAsync(await client.StartAsync(token, "gmail"));
        Assert.Equal("connected", (await client.CallbackAsync(callback, token)).Outcome());
        var before = await SnapshotAsync(token);

        var again = await client.CallbackAsync(callback, token);

        Assert.Equal("invalid_state", again.Outcome());
        Assert.Equal(before, await SnapshotAsync(token));
    }

    [Fact]
    public async Task An_expired_state_is_refused()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var callback = await ConnectSteps.AuthorizeAsync(await client.StartAsync(token, "gmail"));
        await app.Database.ScalarAsync<int>("UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE consumed_at IS NULL");

        var landing = await client.CallbackAsync(callback, token);

        Assert.Equal("invalid_state", landing.Outcome());
        Assert.Equal("not_connected", (await client.StatusAsync(token, "gmail")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Access_denied_at_the_provider_says_so_and_leaves_the_existing_connection_alone()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        await client.ConnectAsync(token, "gmail");
        var before = await SnapshotAsync(token);

        var callback = await ConnectSteps.AuthorizeAsync(await client.StartAsync(token, "gmail"));
        var denied = new Uri(client.BaseAddress!, $"/integrations/callback/google?error=access_denied&state={HttpUtility.ParseQueryString(callback.Query)["state"]}");
        var landing = await client.CallbackAsync(denied, token);

        Assert.Equal("denied", landing.Outcome());
        Assert.Equal("gmail", HttpUtility.ParseQueryString(landing.Query)["integration"]);
        Assert.Equal(before, await SnapshotAsync(token));
    }

    [Fact]
    public async Task A_failed_code_exchange_stores_nothing()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var callback = await ConnectSteps.AuthorizeAsync(await client.StartAsync(token, "google_drive"));
        var tampered = new Uri(callback.ToString().Replace("code=", "code=x", StringComparison.Ordinal));

        var landing = await client.CallbackAsync(tampered, token);

        Assert.Equal("exchange_failed", landing.Outcome());
        Assert.Equal("not_connected", (await client.StatusAsync(token, "google_drive")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Another_users_state_is_not_used_for_the_signed_in_user()
    {
        var ann = await client.TokenForAsync(ApiClient.UniqueEmail("ann"));
        var bob = await client.TokenForAsync(ApiClient.UniqueEmail("bob"));
        var callback = await ConnectSteps.AuthorizeAsync(await client.StartAsync(ann, "gmail"));

        var landing = await client.CallbackAsync(callback, cookieToken: bob);

        Assert.Equal("wrong_user", landing.Outcome());
        Assert.Equal("not_connected", (await client.StatusAsync(bob, "gmail")).GetProperty("status").GetString());
        Assert.Equal("not_connected", (await client.StatusAsync(ann, "gmail")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/integrations/connect/myspace")]
    [InlineData("/integrations/status/myspace")]
    public async Task An_unknown_integration_is_404_with_the_known_ones_listed(string path)
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());

        var response = await client.GetWithTokenAsync(path, token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("gmail, google_drive", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/ok\r\nSet-Cookie: x=1")]
    [InlineData("/caf\u00e9")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task A_return_url_that_is_not_a_plain_path_on_this_site_is_refused_before_any_state_is_made(string returnUrl)
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var states = await app.Database.ScalarAsync<long>("SELECT count(*) FROM oauth_states");

        var response = await client.GetWithTokenAsync($"/integrations/connect/gmail?returnUrl={Uri.EscapeDataString(returnUrl.Replace("%09", "\t"))}", token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("returnUrl", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(states, await app.Database.ScalarAsync<long>("SELECT count(*) FROM oauth_states"));
    }

    [Fact]
    public async Task A_plain_path_with_a_query_is_kept_as_the_return_url()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var authorize = await client.GetWithCookieAsync("/integrations/connect/gmail?returnUrl=" + Uri.EscapeDataString("/workflows/abc?tab=1"), token);
        var callback = await ConnectSteps.AuthorizeAsync(authorize.Headers.Location!);

        var landing = await client.CallbackAsync(callback, token);

        Assert.Equal("/workflows/abc", landing.AbsolutePath);
        Assert.Equal("connected", landing.Outcome());
    }

    [Fact]
    public async Task Connecting_requires_a_signed_in_user()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/integrations/connect/gmail");
        request.Headers.Accept.ParseAdd("text/html");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", response.Headers.Location!.OriginalString);
    }

    private Task<string?> SnapshotAsync(string token) => client.GetWithTokenAsync("/api/auth/me", token)
        .ContinueWith(async me => await app.Database.ScalarAsync<string>(
            $"SELECT encode(sealed_tokens, 'base64') || status || coalesce(account, '') FROM integration_connections WHERE user_id = '{(await (await me).JsonAsync()).GetProperty("id").GetString()}' AND integration = 'gmail'")).Unwrap();
}
