using System.Net;
using Bronn.Core.Integrations;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Integrations;

public sealed class RefreshTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>, IAsyncLifetime
{
    private readonly HttpClient client = app.CreateApiClient();
    private string admin = "";

    public async Task InitializeAsync()
    {
        admin = await client.TokenForAsync("admin@example.com"); // the first account of this database: an admin
        app.Provider.Refresh = RefreshBehaviour.Normal;
        app.Provider.AccessTokenLifetime = TimeSpan.FromHours(1);
        await app.ListeningAsync(IntegrationJournal.Channel); // the live notification below is heard through it
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Invalid_grant_turns_the_connection_revoked_at_once_with_an_event_and_a_live_notification()
    {
        var (user, connectionId) = await ConnectAsync("gmail");
        var heard = new TaskCompletionSource<IntegrationChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        var feed = app.Services.GetRequiredService<IntegrationChangeFeed>();
        void OnChange(IntegrationChange change) => heard.TrySetResult(change);
        feed.Changed += OnChange;
        app.Provider.Refresh = RefreshBehaviour.InvalidGrant;

        var result = await RefreshNowAsync(connectionId);

        Assert.Equal("revoked", result);
        var status = await client.StatusAsync(user, "gmail");
        Assert.Equal("revoked", status.GetProperty("status").GetString());
        Assert.Contains("Reconnect Gmail", status.GetProperty("message").GetString());
        // The notification travels through PostgreSQL: it may arrive after the refresh has answered.
        try
        {
            Assert.Equal("gmail", (await heard.Task.WaitAsync(TimeSpan.FromSeconds(10))).Integration);
        }
        finally
        {
            feed.Changed -= OnChange;
        }
        Assert.Equal("revoked", await LastEventAsync(connectionId));
    }

    [Fact]
    public async Task A_server_error_is_retried_later_and_the_recovery_is_recorded()
    {
        var (user, connectionId) = await ConnectAsync("google_drive");
        app.Provider.Refresh = RefreshBehaviour.ServerError;

        Assert.Equal("failed", await RefreshNowAsync(connectionId));
        Assert.Equal("active", (await client.StatusAsync(user, "google_drive")).GetProperty("status").GetString());
        Assert.Equal("failed", await LastEventAsync(connectionId));
        Assert.Equal(1, await app.Database.ScalarAsync<int>($"SELECT failure_count FROM integration_connections WHERE id = '{connectionId}'"));

        app.Provider.Refresh = RefreshBehaviour.Normal;
        Assert.Equal("refreshed", await RefreshNowAsync(connectionId));
        Assert.Equal("recovered", await LastEventAsync(connectionId));
        var status = await client.StatusAsync(user, "google_drive");
        Assert.Equal("active", status.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, status.GetProperty("last_refreshed_at").ValueKind);
    }

    [Fact]
    public async Task Repeated_failures_turn_the_connection_to_error_with_a_message_and_it_recovers_when_the_provider_does()
    {
        var (user, connectionId) = await ConnectAsync("google_drive");
        app.Provider.Refresh = RefreshBehaviour.ServerError;

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal("failed", await RefreshNowAsync(connectionId));
        }

        var status = await client.StatusAsync(user, "google_drive");
        Assert.Equal("error", status.GetProperty("status").GetString());
        Assert.Contains("after 5 attempts", status.GetProperty("message").GetString());
        var adminPage = await client.GetWithCookieAsync("/admin", admin);
        Assert.Contains("Refresh now", await adminPage.Content.ReadAsStringAsync());

        app.Provider.Refresh = RefreshBehaviour.Normal;
        Assert.Equal("refreshed", await RefreshNowAsync(connectionId));
        Assert.Equal("recovered", await LastEventAsync(connectionId));
        Assert.Equal("active", (await client.StatusAsync(user, "google_drive")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Rotating_refresh_tokens_are_saved_with_each_refresh()
    {
        var (user, connectionId) = await ConnectAsync("slack");
        app.Provider.Refresh = RefreshBehaviour.Rotating;

        Assert.Equal("refreshed", await RefreshNowAsync(connectionId));
        Assert.Equal("refreshed", await RefreshNowAsync(connectionId)); // would be invalid_grant had the first rotation been lost
        Assert.Equal("active", (await client.StatusAsync(user, "slack")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_credential_without_a_refresh_token_is_shown_expired_once_it_expires_and_never_refreshed()
    {
        app.Provider.IssueRefreshTokens = false;
        app.Provider.AccessTokenLifetime = TimeSpan.FromSeconds(1);
        var (user, connectionId) = await ConnectAsync("notion");
        app.Provider.IssueRefreshTokens = true;
        var refreshCalls = app.Provider.RefreshCalls;
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal("expired", (await client.StatusAsync(user, "notion")).GetProperty("status").GetString());
        await app.Services.GetRequiredService<Bronn.Core.Integrations.Refresh.RefreshSweeper>().SweepOnceAsync(default);
        Assert.Equal("expired", await app.Database.ScalarAsync<string>($"SELECT status FROM integration_connections WHERE id = '{connectionId}'"));
        Assert.Equal("expired", await LastEventAsync(connectionId));
        Assert.Equal(refreshCalls, app.Provider.RefreshCalls);
    }

    [Fact]
    public async Task The_summary_counts_as_expiring_only_connections_that_cannot_renew_themselves()
    {
        var before = await ExpiringAsync();
        app.Provider.AccessTokenLifetime = TimeSpan.FromHours(2);
        await ConnectAsync("gmail"); // expires in 2 h, but has a refresh token: Bronn renews it
        app.Provider.IssueRefreshTokens = false;
        await ConnectAsync("notion"); // expires in 2 h and nothing can renew it: its user must reconnect
        app.Provider.IssueRefreshTokens = true;

        Assert.Equal(before + 1, await ExpiringAsync());
    }

    private async Task<int> ExpiringAsync() =>
        (await (await client.GetWithTokenAsync("/api/admin/integrations/summary", admin)).JsonAsync()).GetProperty("expiringWithin24Hours").GetInt32();

    private async Task<(string UserToken, Guid ConnectionId)> ConnectAsync(string integration)
    {
        var user = await client.TokenForAsync(ApiClient.UniqueEmail());
        Assert.Equal("connected", (await client.ConnectAsync(user, integration)).Outcome());
        var list = await (await client.GetWithTokenAsync($"/api/admin/integrations?provider=", admin)).JsonAsync();
        var me = (await (await client.GetWithTokenAsync("/api/auth/me", user)).JsonAsync()).GetProperty("id").GetString();
        var row = list.EnumerateArray().Single(e => e.GetProperty("user_id").GetString() == me && e.GetProperty("integration").GetString() == integration);
        return (user, row.GetProperty("id").GetGuid());
    }

    private async Task<string?> RefreshNowAsync(Guid connectionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/integrations/{connectionId}/refresh");
        request.Headers.Authorization = new("Bearer", admin);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("result").GetString();
    }

    private Task<string?> LastEventAsync(Guid connectionId) => app.Database.ScalarAsync<string>(
        $"SELECT e.kind FROM integration_events e JOIN integration_connections c ON c.user_id = e.user_id AND c.integration = e.integration WHERE c.id = '{connectionId}' ORDER BY e.id DESC LIMIT 1");
}
