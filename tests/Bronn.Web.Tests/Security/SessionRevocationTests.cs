using System.Net;
using System.Net.Http.Json;
using Bronn.Core.Accounts;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bronn.Web.Tests.Security;

/// <summary>Finding 8: a token is only as good as the account behind it, checked on every request.</summary>
public sealed class SessionRevocationTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>, IAsyncLifetime
{
    private readonly HttpClient client = app.CreateApiClient();
    private string adminToken = "";

    public async Task InitializeAsync() => adminToken = await client.TokenForAsync("admin@example.com"); // the first account: an admin

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_demoted_admin_loses_the_admin_api_at_once_and_their_old_token_stops_working()
    {
        var email = ApiClient.UniqueEmail();
        var bob = await client.TokenForAsync(email);
        var bobId = await IdOfAsync(bob);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Put, $"/api/admin/users/{bobId}/role", adminToken, new { role = "admin" })).StatusCode);
        var bobAsAdmin = await client.TokenForAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithTokenAsync("/api/admin/users", bobAsAdmin)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/auth/me", bob)).StatusCode); // role change ends sessions

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Put, $"/api/admin/users/{bobId}/role", adminToken, new { role = "user" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/admin/users", bobAsAdmin)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetWithTokenAsync("/api/admin/users", await client.TokenForAsync(email))).StatusCode);
    }

    [Fact]
    public async Task A_role_changed_in_the_database_behind_bronns_back_applies_within_the_cache_time()
    {
        var email = ApiClient.UniqueEmail();
        var token = await client.TokenForAsync(email);
        await app.Database.ScalarAsync<int>($"UPDATE users SET role = 'admin' WHERE email = '{email}'");
        var promoted = await client.TokenForAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithTokenAsync("/api/admin/users", promoted)).StatusCode);

        await app.Database.ScalarAsync<int>($"UPDATE users SET role = 'user' WHERE email = '{email}'");
        await Task.Delay(AccountSessions.CacheFor + TimeSpan.FromMilliseconds(500));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetWithTokenAsync("/api/admin/users", promoted)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithTokenAsync("/api/auth/me", token)).StatusCode);
    }

    [Fact]
    public async Task A_deleted_accounts_token_gets_401_everywhere_never_a_500_and_cannot_open_the_hub()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var id = await IdOfAsync(token);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/admin/users/{id}", adminToken)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/workflows", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/integrations", token)).StatusCode);
        var write = await SendAsync(HttpMethod.Post, "/api/workflows", token, new { name = "x", nodes = new[] { new { id = "start", type = "manual" } }, edges = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.ServerAddress, "/hubs/integrations"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM users WHERE id = '{id}'"));
    }

    [Fact]
    public async Task Deleting_your_own_account_ends_its_sessions_and_removes_what_it_owned()
    {
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        var id = await IdOfAsync(token);
        await SendAsync(HttpMethod.Post, "/api/workflows", token, new { name = "Mine", nodes = new[] { new { id = "start", type = "manual" } }, edges = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, "/api/auth/me", token)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/workflows", token)).StatusCode);
        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM workflows WHERE owner_id = '{id}'"));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_token_of_the_account_and_no_other()
    {
        var email = ApiClient.UniqueEmail();
        var first = await client.TokenForAsync(email);
        var second = await client.TokenForAsync(email);
        var other = await client.TokenForAsync(ApiClient.UniqueEmail());

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Post, "/api/auth/sign-out-everywhere", first)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/auth/me", first)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/auth/me", second)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithTokenAsync("/api/auth/me", other)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithTokenAsync("/api/auth/me", await client.TokenForAsync(email))).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_old_sessions_and_returns_a_working_token()
    {
        var email = ApiClient.UniqueEmail();
        var old = await client.TokenForAsync(email);

        var wrong = await SendAsync(HttpMethod.Post, "/api/auth/password", old, new { currentPassword = "not it", newPassword = "a brand new passphrase" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithTokenAsync("/api/auth/me", old)).StatusCode); // nothing changed

        var changed = await SendAsync(HttpMethod.Post, "/api/auth/password", old, new { currentPassword = "correct horse battery", newPassword = "a brand new passphrase" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var fresh = (await changed.JsonAsync()).GetProperty("access_token").GetString()!;

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetWithTokenAsync("/api/auth/me", old)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetWithTokenAsync("/api/auth/me", fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(email, "a brand new passphrase")).StatusCode);
    }

    private async Task<string> IdOfAsync(string token) =>
        (await (await client.GetWithTokenAsync("/api/auth/me", token)).JsonAsync()).GetProperty("id").GetString()!;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        return await client.SendAsync(request);
    }
}
