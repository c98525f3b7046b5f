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
        Assert.NotEmpty(app.Logs.Lines); // the capture is live: what it lacks, the app did not log
        Assert.Empty(app.Logs.Containing(Secret));
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

    [Fact]
    public async Task A_client_credentials_token_is_fetched_once_for_concurrent_steps_and_again_after_a_401()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var user = await UserAsync();
        var credential = await CredentialAsync(user, "oauth2_client_credentials",
            new { tokenUrl = api.Url("/cc/token"), clientId = ProviderStandIn.ApiClientId, clientSecret = ProviderStandIn.ApiClientSecret, scope = "read", clientAuthentication = "basic" });
        var node = """{"id":"__ID__","type":"http.request","credential":"__C__","parameters":{"url":"__URL__"},"settings":{"retry":{"attempts":1}}}""";
        var nodes = string.Join(",", new[] { "a", "b", "c" }.Select(n => node.Replace("__ID__", n, StringComparison.Ordinal)));
        var (id, _) = await user.PublishAsync("""
            {"name":"Three at once","nodes":[{"id":"start","type":"manual"},__NODES__],
             "edges":[{"from":"start","to":"a"},{"from":"start","to":"b"},{"from":"start","to":"c"}]}
            """.Replace("__NODES__", nodes, StringComparison.Ordinal).Replace("__C__", credential, StringComparison.Ordinal)
            .Replace("__URL__", api.Url("/cc/api"), StringComparison.Ordinal), activate: false);

        var first = await user.WaitAsync(await user.RunAsync(id));
        var afterFirst = api.ClientCredentialCalls;
        api.InvalidateClientCredentialTokens();
        var second = await user.WaitAsync(await user.RunAsync(id));

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(1, afterFirst);
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(2, api.ClientCredentialCalls);
        var recorded = JsonSerializer.Serialize(second.GetProperty("steps"));
        Assert.DoesNotContain(ProviderStandIn.ApiClientSecret, recorded);
        Assert.Equal(2, api.IssuedClientCredentialTokens.Count);
        Assert.Empty(app.Logs.Containing(ProviderStandIn.ApiClientSecret));
        foreach (var token in api.IssuedClientCredentialTokens)
        {
            Assert.DoesNotContain(token, recorded);
            Assert.Empty(app.Logs.Containing(token));
        }
    }

    [Fact]
    public async Task A_client_credentials_token_url_on_a_private_network_is_refused()
    {
        var user = await UserAsync();
        var credential = await CredentialAsync(user, "oauth2_client_credentials",
            new { tokenUrl = "http://10.255.255.1/oauth/token", clientId = "id", clientSecret = "secret" });
        var (id, _) = await user.PublishAsync(Calling("https://api.example.com/things", credential), activate: false);

        var execution = await user.WaitAsync(await user.RunAsync(id));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("private", execution.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_redirect_keeps_the_credential_on_the_same_origin_and_drops_it_on_another()
    {
        await using var api = await ProviderStandIn.StartAsync();
        await using var other = await ProviderStandIn.StartAsync();
        var user = await UserAsync();
        var credential = await CredentialAsync(user, "bearer", new { token = Secret });
        var (same, _) = await user.PublishAsync(Calling(api.Url("/hops/2"), credential), activate: false);
        var (away, _) = await user.PublishAsync(Calling(api.Url("/redirect?to=" + Uri.EscapeDataString(other.Url("/hops/0"))), credential), activate: false);

        var kept = await user.WaitAsync(await user.RunAsync(same));
        var dropped = await user.WaitAsync(await user.RunAsync(away));

        Assert.Equal("Bearer " + Secret, kept.GetProperty("output").GetProperty("body").GetProperty("authorization").GetString());
        Assert.Equal("succeeded", dropped.GetProperty("status").GetString());
        Assert.Equal("", dropped.GetProperty("output").GetProperty("body").GetProperty("authorization").GetString());
    }

    [Fact]
    public async Task A_next_page_on_another_origin_is_fetched_without_the_credential()
    {
        await using var api = await ProviderStandIn.StartAsync();
        await using var other = await ProviderStandIn.StartAsync();
        var user = await UserAsync();
        var credential = await CredentialAsync(user, "bearer", new { token = Secret });
        var (id, _) = await user.PublishAsync("""
            {"name":"Pages","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"http.request","credential":"__C__",
              "parameters":{"url":"__URL__","pagination":{"nextUrl":"response.body.next","maxPages":2}},"settings":{"retry":{"attempts":1}}}],
             "edges":[{"from":"start","to":"call"}]}
            """.Replace("__C__", credential, StringComparison.Ordinal)
            .Replace("__URL__", api.Url("/page-to?next=" + Uri.EscapeDataString(other.Url("/hops/0"))), StringComparison.Ordinal), activate: false);

        var execution = await user.WaitAsync(await user.RunAsync(id));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var pages = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "call")
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("json").GetProperty("body").GetProperty("authorization").GetString()).ToList();
        Assert.Equal(["Bearer " + Secret, ""], pages);
    }

    [Theory]
    [InlineData("""{"name":"x","type":"oauth2_client_credentials","data":{"tokenUrl":"ftp://a/b","clientId":"i","clientSecret":"s"}}""", "data.tokenUrl")]
    [InlineData("""{"name":"x","type":"oauth2_client_credentials","data":{"tokenUrl":"https://a/b","clientId":"i"}}""", "data.clientSecret")]
    [InlineData("""{"name":"x","type":"oauth2_client_credentials","data":{"tokenUrl":"https://a/b","clientId":"i","clientSecret":"s","clientAuthentication":"cookie"}}""", "data.clientAuthentication")]
    public async Task A_bad_client_credentials_input_is_400_naming_the_field(string body, string field)
    {
        var user = await UserAsync();
        var response = await user.SendAsync(HttpMethod.Post, "/api/credentials", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
    }
}
