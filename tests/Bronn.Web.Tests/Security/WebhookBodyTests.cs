using System.Net;
using System.Text;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Engine;

namespace Bronn.Web.Tests.Security;

/// <summary>Findings 9 and 15: webhook bodies that used to become 500s or silent strings are refused with 400.</summary>
public sealed class WebhookBodyTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    public static TheoryData<string, string, string> BadJsonBodies => new()
    {
        { "duplicate keys", """{"amount":1,"amount":1000}""", "duplicate key" },
        { "a number out of range", """{"n":1e400}""", "out of range" },
        { "a negative number out of range", """[-1e400]""", "out of range" },
        { "nesting depth 63", new string('[', 63) + new string(']', 63), "nested more than" },
        { "a NUL character", """{"s":"a\u0000b"}""", "NUL character" },
        { "a NUL in a key", """{"a\u0000":1}""", "NUL character" },
        { "not JSON at all", "name=Ann&amount=5", "not valid JSON" },
        { "truncated JSON", """{"name":"Ann" """, "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadJsonBodies))]
    public async Task A_json_body_that_cannot_be_stored_is_a_400_problem_and_starts_nothing(string name, string body, string message)
    {
        var (engine, url) = await HookAsync();
        var before = await engine.CountAsync("SELECT count(*) FROM executions");

        var response = await client.PostAsync(url.PathAndQuery, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{name}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(message, (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(before, await engine.CountAsync("SELECT count(*) FROM executions"));
    }

    [Fact]
    public async Task Nul_characters_in_text_bodies_and_query_strings_are_replaced_not_a_500()
    {
        var (engine, url) = await HookAsync();

        var response = await client.PostAsync(url.PathAndQuery + "?q=a%00b", new StringContent("x\0y", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var execution = await engine.WaitAsync((await response.JsonAsync()).GetProperty("executionId").GetString()!);
        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var trigger = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "hook").GetProperty("output");
        Assert.Equal("x\uFFFDy", trigger.GetProperty("body").GetString());
        Assert.Equal("a\uFFFDb", trigger.GetProperty("query").GetProperty("q").GetString());
    }

    [Fact]
    public async Task Ordinary_json_with_a_charset_is_accepted()
    {
        var (engine, url) = await HookAsync();

        var response = await client.PostAsync(url.PathAndQuery, new StringContent("""{"name":"Ann","deep":[[[1]]],"big":12345678901234567890}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var execution = await engine.WaitAsync((await response.JsonAsync()).GetProperty("executionId").GetString()!);
        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
    }

    private async Task<(EngineSteps Engine, Uri Url)> HookAsync()
    {
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync("""
            {"name":"Hook","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},
              {"id":"reply","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}"}}}],
             "edges":[{"from":"hook","to":"reply"}]}
            """);
        return (engine, new Uri(workflow.GetProperty("webhookUrl").GetString()!));
    }
}
