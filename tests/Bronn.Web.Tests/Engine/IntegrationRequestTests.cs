using System.Net;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Integrations;

namespace Bronn.Web.Tests.Engine;

/// <summary>http.request with "integration": the connected account's token, refreshed on 401, only to the provider's API hosts.</summary>
public sealed class IntegrationRequestTests(IntegrationRequestTests.App app) : IClassFixture<IntegrationRequestTests.App>
{
    /// <summary>Bronn with one more provider, declared only in configuration (no node of ours knows it).</summary>
    public sealed class App : IntegrationsAppFactory
    {
        public App()
        {
            Settings["Integrations:Catalog:acme:Provider"] = "acme";
            Settings["Integrations:Catalog:acme:DisplayName"] = "Acme CRM";
            Settings["Integrations:Catalog:acme:Scopes:0"] = "contacts.read";
        }

        protected override IEnumerable<string> ProviderNames => [.. base.ProviderNames, "acme"];
    }

    private async Task<EngineSteps> ConnectedUserAsync()
    {
        var client = app.CreateApiClient();
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        await client.ConnectAsync(token, "acme");
        return new EngineSteps(app, client, token);
    }

    private static string Calling(string url) => """
        {"name":"Acme","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"http.request","integration":"acme","parameters":{"url":"__URL__"},"settings":{"retry":{"attempts":1}}}],
         "edges":[{"from":"start","to":"call"}]}
        """.Replace("__URL__", url, StringComparison.Ordinal);

    [Fact]
    public async Task A_provider_set_up_only_in_configuration_is_usable_and_a_rejected_token_is_refreshed_once()
    {
        var user = await ConnectedUserAsync();
        var (id, _) = await user.PublishAsync(Calling(app.Provider.Url("/gmail/v1/users/me/profile")), activate: false);

        var first = await user.WaitAsync(await user.RunAsync(id));
        var refreshesBefore = app.Provider.RefreshCalls;
        app.Provider.InvalidateAccessTokens();
        var second = await user.WaitAsync(await user.RunAsync(id));

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(app.Provider.Email, first.GetProperty("output").GetProperty("body").GetProperty("emailAddress").GetString());
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(refreshesBefore + 1, app.Provider.RefreshCalls);
        var recorded = JsonSerializer.Serialize(second.GetProperty("steps"));
        Assert.All(app.Provider.IssuedAccessTokens, token => Assert.DoesNotContain(token, recorded));
    }

    [Fact]
    public async Task The_token_is_never_sent_to_a_host_that_is_not_the_providers()
    {
        var user = await ConnectedUserAsync();
        await using var elsewhere = await Bronn.Testing.StandIns.ProviderStandIn.StartAsync();
        var url = elsewhere.Url("/echo-query").Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var (id, _) = await user.PublishAsync(Calling(url), activate: false);

        var execution = await user.WaitAsync(await user.RunAsync(id));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("may be sent only to 127.0.0.1", execution.GetProperty("error").GetString());
        Assert.Equal(0, elsewhere.EchoCalls);
    }

    [Fact]
    public async Task An_integration_that_is_not_connected_or_does_not_exist_is_refused_when_publishing()
    {
        var client = app.CreateApiClient();
        var user = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        foreach (var (integration, expected) in new[] { ("acme", "not connected"), ("nosuch", "not an integration") })
        {
            var created = await user.SendAsync(HttpMethod.Post, "/api/workflows", Calling("https://api.example.com/x").Replace("\"acme\"", $"\"{integration}\"", StringComparison.Ordinal));
            var published = await user.SendAsync(HttpMethod.Post, $"/api/workflows/{(await created.JsonAsync()).GetProperty("id").GetString()}/publish");

            Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
            Assert.Contains(expected, await published.Content.ReadAsStringAsync());
        }
    }
}
