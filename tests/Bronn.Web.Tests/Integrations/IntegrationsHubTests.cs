using System.Collections.Concurrent;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bronn.Web.Tests.Integrations;

public sealed class IntegrationsHubTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    [Fact]
    public async Task Users_hear_their_own_changes_admins_hear_all_and_nobody_hears_tokens()
    {
        var admin = await client.TokenForAsync("hub-admin@example.com"); // first account: admin
        var ann = await client.TokenForAsync(ApiClient.UniqueEmail("ann"));
        var bob = await client.TokenForAsync(ApiClient.UniqueEmail("bob"));
        await using var adminHub = await ListenAsync(admin);
        await using var annHub = await ListenAsync(ann);
        await using var bobHub = await ListenAsync(bob);

        await client.ConnectAsync(ann, "gmail");

        var annHeard = await annHub.NextAsync();
        Assert.Equal("gmail", annHeard.GetProperty("integration").GetString());
        Assert.Equal("active", annHeard.GetProperty("status").GetString());
        Assert.Equal("gmail", (await adminHub.NextAsync()).GetProperty("integration").GetString());
        await Task.Delay(500);
        Assert.Empty(bobHub.Received);
        Assert.DoesNotContain(app.Provider.IssuedAccessTokens.Last(), annHeard.GetRawText());
    }

    [Fact]
    public async Task The_hub_refuses_a_connection_without_a_valid_token()
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.ServerAddress, "/hubs/integrations"), o => o.AccessTokenProvider = () => Task.FromResult<string?>("not-a-token"))
            .Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
    }

    private async Task<Listener> ListenAsync(string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.ServerAddress, "/hubs/integrations"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var listener = new Listener(hub);
        hub.On<JsonElement>("IntegrationChanged", listener.Received.Add);
        await hub.StartAsync();
        return listener;
    }

    private sealed class Listener(HubConnection hub) : IAsyncDisposable
    {
        public BlockingCollection<JsonElement> Received { get; } = [];

        public Task<JsonElement> NextAsync() => Task.Run(() =>
            Received.TryTake(out var message, TimeSpan.FromSeconds(20)) ? message : throw new TimeoutException("Nothing heard within 20 seconds."));

        public ValueTask DisposeAsync() => hub.DisposeAsync();
    }
}
