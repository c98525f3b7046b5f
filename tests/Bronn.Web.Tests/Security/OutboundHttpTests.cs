using System.Text.Json;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Engine;
using Npgsql;

namespace Bronn.Web.Tests.Security;

/// <summary>The defaults: private destinations refused; only 127.0.0.2 (standing for a public API) is allowed.</summary>
public sealed class GuardedHttpAppFactory : BronnAppFactory
{
    public GuardedHttpAppFactory() => Settings["Engine:Http:AllowedHosts:0"] = "127.0.0.2";
}

/// <summary>Findings 2 (SSRF) and 3 (header injection) against the http.request node, through the API and the engine.</summary>
public sealed class OutboundHttpTests(GuardedHttpAppFactory app) : IClassFixture<GuardedHttpAppFactory>
{
    public static TheoryData<string> PrivateUrls => new()
    {
        "http://127.0.0.1:{app}/healthz",
        "http://localhost:{app}/healthz",
        "http://127.1:{app}/healthz",
        "http://0177.0.0.1:{app}/healthz",
        "http://0x7f000001:{app}/healthz",
        "http://2130706433:{app}/healthz",
        "http://user:pw@127.0.0.1:{app}/healthz",
        "http://127.0.0.1:{pg}/",
        "http://[::1]:{app}/healthz",
        "http://[::ffff:127.0.0.1]:{app}/healthz",
        "http://0.0.0.0:{app}/healthz",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
    };

    [Theory]
    [MemberData(nameof(PrivateUrls))]
    public async Task Requests_to_private_addresses_fail_the_step_naming_the_setting(string url)
    {
        var pgPort = new NpgsqlConnectionStringBuilder(app.Database.ConnectionString).Port;
        var execution = await RunHttpAsync(url.Replace("{app}", app.ServerAddress.Port.ToString()).Replace("{pg}", pgPort.ToString()));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        var error = execution.GetProperty("error").GetString()!;
        Assert.Contains("private", error);
        Assert.Contains("Engine:Http:AllowedHosts", error);
        Assert.DoesNotContain("Healthy", error); // nothing of the internal answer comes back
        Assert.Single(EngineSteps.Steps(execution), s => s.Node == "call" && s.Status == "failed"); // refused at once, not retried
    }

    [Fact]
    public async Task An_allowed_host_is_reached_but_its_redirect_to_an_internal_address_is_refused()
    {
        await using var api = await PublicApiServer.StartAsync();

        var allowed = await RunHttpAsync(new Uri(api.BaseAddress, "echo-headers").ToString());
        var redirected = await RunHttpAsync(new Uri(api.BaseAddress, $"redirect?to=http://127.0.0.1:{app.ServerAddress.Port}/healthz").ToString());

        Assert.Equal("succeeded", allowed.GetProperty("status").GetString());
        Assert.Equal("failed", redirected.GetProperty("status").GetString());
        Assert.Contains("private (loopback)", redirected.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_anonymous_webhook_caller_never_sees_the_internal_answer_that_failed_the_run()
    {
        await using var api = await PublicApiServer.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync("""
            {"name":"Leaky","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"when_finished"}},
              {"id":"call","type":"http.request","parameters":{"url":"__URL__"},"settings":{"retry":{"attempts":1}}}],
             "edges":[{"from":"hook","to":"call"}]}
            """.Replace("__URL__", new Uri(api.BaseAddress, "fail").ToString()));

        var answer = await client.PostAsync(new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery,
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, answer.StatusCode);
        var problem = await answer.JsonAsync();
        Assert.DoesNotContain("10.0.0.5", problem.GetRawText());
        Assert.Contains("'call'", problem.GetProperty("detail").GetString());
        var execution = await engine.GetAsync(problem.GetProperty("executionId").GetString()!);
        Assert.Contains("10.0.0.5", execution.GetProperty("error").GetString()); // the owner still sees why
    }

    [Fact]
    public async Task An_item_that_fails_once_is_retried_alone_and_the_items_that_succeeded_are_not_called_again()
    {
        await using var api = await PublicApiServer.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Flaky","nodes":[{"id":"start","type":"manual"},{"id":"each","type":"split_out","parameters":{"list":"trigger.body.items"}},
              {"id":"call","type":"http.request","parameters":{"url":"__API__flaky?n={{ item.n }}"},
               "settings":{"retry":{"attempts":2,"initialDelay":"00:00:00.2","maxDelay":"00:00:01"}}}],
             "edges":[{"from":"start","to":"each"},{"from":"each","to":"call"}]}
            """.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, """{"items":[{"n":1},{"n":2},{"n":3}]}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        // Each item's first call fails (503): the run parks and retries that item alone; the items already done are not
        // called again after a park (a re-run of item 1 would make its count 3).
        Assert.Equal(2, api.FlakyCalls[1]);
        Assert.Equal(2, api.FlakyCalls[2]);
        Assert.Equal(2, api.FlakyCalls[3]);
        var calls = EngineSteps.Steps(execution).Where(s => s.Node == "call").ToList();
        Assert.Equal(3, calls.Count(s => s.Status == "succeeded"));
        Assert.Equal(3, calls.Count(s => s.Status == "failed"));
    }

    [Theory]
    [InlineData("""{"X-A":"v\r\nX-Injected: yes"}""", "{}", "line break")]
    [InlineData("""{"X-A":"v\nX-Injected: yes"}""", "{}", "line break")]
    [InlineData("""{"X-A":"{{ trigger.body.v }}"}""", """{"v":"v\r\nX-Injected: yes"}""", "line break")]
    [InlineData("""{"X-A\r\nX-Injected":"yes"}""", "{}", "not a valid HTTP header name")]
    [InlineData("""{"Host":"evil.example"}""", "{}", "cannot be set")]
    [InlineData("""{"Transfer-Encoding":"chunked"}""", "{}", "cannot be set")]
    public async Task Headers_that_would_inject_or_reframe_the_request_are_refused_and_nothing_is_sent(string headers, string body, string message)
    {
        await using var api = await PublicApiServer.StartAsync();

        var execution = await RunHttpAsync(new Uri(api.BaseAddress, "echo-headers").ToString(), headers, body);

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains(message, execution.GetProperty("error").GetString());
        Assert.Equal(0, api.Requests);
    }

    [Fact]
    public async Task Ordinary_headers_arrive_as_sent()
    {
        await using var api = await PublicApiServer.StartAsync();

        var execution = await RunHttpAsync(new Uri(api.BaseAddress, "echo-headers").ToString(),
            """{"X-A":"{{ trigger.body.v }}","Authorization":"Bearer abc","Content-Type":"application/json"}""", """{"v":"one: two"}""");

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var echoed = execution.GetProperty("output").GetProperty("body");
        Assert.Equal("one: two", echoed.GetProperty("x-a").GetString());
        Assert.Equal("Bearer abc", echoed.GetProperty("authorization").GetString());
        Assert.False(echoed.TryGetProperty("x-injected", out _));
    }

    private async Task<JsonElement> RunHttpAsync(string url, string headers = "{}", string body = "{}")
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var definition = JsonSerializer.Serialize(new
        {
            name = "Outbound",
            nodes = new object[]
            {
                new { id = "start", type = "manual" },
                new { id = "call", type = "http.request", parameters = new { url, headers = JsonDocument.Parse(headers).RootElement, timeout = "00:00:05" } },
            },
            edges = new[] { new { from = "start", to = "call" } },
        });
        var (id, _) = await engine.PublishAsync(definition, activate: false);
        return await engine.WaitAsync(await engine.RunAsync(id, body));
    }
}
