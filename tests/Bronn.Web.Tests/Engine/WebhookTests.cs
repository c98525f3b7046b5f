using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

public sealed class WebhookTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    private static string Hook(string parameters) => """
        {"name":"Hook","nodes":[
          {"id":"hook","type":"webhook","parameters":__PARAMS__},
          {"id":"reply","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}"}}},
          {"id":"tail","type":"set","parameters":{"fields":{"done":"yes"}}}
        ],"edges":[{"from":"hook","to":"reply"},{"from":"reply","to":"tail"}]}
        """.Replace("__PARAMS__", parameters, StringComparison.Ordinal);

    private async Task<(EngineSteps Engine, Uri Url)> HookAsync(string parameters, bool activate = true)
    {
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync(Hook(parameters), activate);
        return (engine, new Uri(workflow.GetProperty("webhookUrl").GetString()!));
    }

    private Task<HttpResponseMessage> PostAsync(Uri url, string body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Respond_immediately_answers_202_with_the_execution_id_and_the_run_completes()
    {
        var (engine, url) = await HookAsync("""{"respond":"immediately"}""");

        var response = await PostAsync(url, """{"name":"Ann"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var executionId = (await response.JsonAsync()).GetProperty("executionId").GetString()!;
        var execution = await engine.WaitAsync(executionId);
        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal("webhook", execution.GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task Respond_when_finished_returns_the_output_of_the_response_node()
    {
        var (_, url) = await HookAsync("""{"respond":"when_finished","responseNode":"reply"}""");

        var response = await PostAsync(url, """{"name":"Ann"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello Ann", (await response.JsonAsync()).GetProperty("greeting").GetString());
    }

    [Fact]
    public async Task A_secret_header_is_required_when_configured()
    {
        var (_, url) = await HookAsync("""{"secretHeader":"X-Token","secret":"s3cr3t"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(url, "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(url, "{}", ("X-Token", "wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(url, "{}", ("X-Token", "s3cr3t"))).StatusCode);
    }

    [Fact]
    public async Task An_hmac_signature_over_the_body_is_checked()
    {
        var (_, url) = await HookAsync("""{"signatureHeader":"X-Signature","secret":"k3y"}""");
        const string body = """{"name":"Ann"}""";
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("k3y"u8, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(url, body, ("X-Signature", signature))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(url, body + " ", ("X-Signature", signature))).StatusCode);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_413_and_starts_nothing()
    {
        var (engine, url) = await HookAsync("{}");
        var before = await engine.CountAsync("SELECT count(*) FROM executions");

        var response = await PostAsync(url, "\"" + new string('x', 1024 * 1024) + "\"");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await engine.CountAsync("SELECT count(*) FROM executions"));
    }

    [Fact]
    public async Task An_inactive_workflow_or_unknown_hook_is_404()
    {
        var (_, url) = await HookAsync("{}", activate: false);

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(url, "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(new Uri(url, "/hooks/not-a-hook"), "{}")).StatusCode);
    }

    [Theory]
    [InlineData("first", """{"id":"1"}""")]
    [InlineData("all", """[{"id":"1"},{"id":"2"}]""")]
    public async Task When_finished_answers_the_response_nodes_first_item_or_all_of_them(string responseData, string expected)
    {
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync("""
            {"name":"Items","nodes":[
              {"id":"hook","type":"webhook","parameters":{"respond":"when_finished","responseNode":"each","responseData":"__DATA__"}},
              {"id":"split","type":"split_out","parameters":{"list":"trigger.body.orders"}},
              {"id":"each","type":"set","parameters":{"fields":{"id":"{{ item.id }}"}}}
            ],"edges":[{"from":"hook","to":"split"},{"from":"split","to":"each"}]}
            """.Replace("__DATA__", responseData, StringComparison.Ordinal));

        var response = await PostAsync(new Uri(workflow.GetProperty("webhookUrl").GetString()!), """{"orders":[{"id":1},{"id":2}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }
}
