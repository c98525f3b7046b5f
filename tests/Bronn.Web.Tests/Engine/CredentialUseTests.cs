using System.Net;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>http.request with a credential: applied as its type says, only where allowed, and never recorded.</summary>
public sealed class CredentialUseTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private const string Secret = "tok-9f8e7d6c5b4a-secret";

    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    private static async Task<string> CredentialAsync(EngineSteps user, string type, object data, string[]? hosts = null)
    {
        var created = await user.SendAsync(HttpMethod.Post, "/api/credentials", JsonSerializer.Serialize(new { name = $"My {type}", type, data, allowedHosts = hosts }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetString()!;
    }

    private static string Calling(string url, string credential) => """
        {"name":"Call","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"http.request","credential":"__CREDENTIAL__","parameters":{"url":"__URL__"},"settings":{"retry":{"attempts":1}}}],
         "edges":[{"from":"start","to":"call"}]}
        """.Replace("__CREDENTIAL__", credential, StringComparison.Ordinal).Replace("__URL__", url, StringComparison.Ordinal);

    [Theory]
    [InlineData("header", "echo-headers", "x-api-key", Secret)]
    [InlineData("bearer", "echo-headers", "authorization", "Bearer " + Secret)]
    [InlineData("basic", "echo-headers", "authorization", "Basic YW5uOnRvay05ZjhlN2Q2YzViNGEtc2VjcmV0")]
    [InlineData("query", "echo-query?page=2", "api_key", Secret)]
    public async Task Each_type_reaches_the_api_as_it_says_and_the_secret_is_in_no_record_or_export(string type, string path, string field, string expected)
    {
        await using var api = await ProviderStandIn.StartAsync();
        var user = await UserAsync();
        object data = type switch
        {
            "header" => new { name = "X-Api-Key", value = Secret },
            "bearer" => new { token = Secret },
            "basic" => new { username = "ann", password = Secret },
            _ => new { name = "api_key", value = Secret },
        };
        var credential = await CredentialAsync(user, type, data);
        var (id, _) = await user.PublishAsync(Calling(api.BaseAddress + path, credential), activate: false);

        var execution = await user.WaitAsync(await user.RunAsync(id));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var echoed = execution.GetProperty("output").GetProperty("body");
        Assert.Equal(expected, echoed.EnumerateObject().Single(p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase)).Value.GetString());
        var recorded = JsonSerializer.Serialize(execution.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("input")));
        Assert.DoesNotContain(Secret, recorded);
        Assert.DoesNotContain(Secret, await (await user.SendAsync(HttpMethod.Get, $"/api/workflows/{id}/export")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_credential_is_never_sent_to_a_host_it_does_not_allow()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var user = await UserAsync();
        var credential = await CredentialAsync(user, "query", new { name = "api_key", value = Secret }, ["api.example.com"]);
        var (id, _) = await user.PublishAsync(Calling(api.BaseAddress + "echo-query", credential), activate: false);

        var execution = await user.WaitAsync(await user.RunAsync(id));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("may be sent only to api.example.com", execution.GetProperty("error").GetString());
        Assert.Equal(0, api.EchoCalls); // nothing was sent
    }

    [Fact]
    public async Task Another_users_credential_cannot_be_used()
    {
        var owner = await UserAsync();
        var other = await UserAsync();
        var credential = await CredentialAsync(owner, "bearer", new { token = Secret });
        var created = await other.SendAsync(HttpMethod.Post, "/api/workflows", Calling("https://api.example.com/x", credential));
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        var published = await other.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish");

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        var body = await published.Content.ReadAsStringAsync();
        Assert.Contains("credential", body);
        Assert.Contains("not one of yours", body);
    }
}
