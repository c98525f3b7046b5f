using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Workflows;

public sealed class WorkflowValidationTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private readonly HttpClient client = app.CreateApiClient();

    public static TheoryData<string, string, string?, string> Invalid => new()
    {
        // case, definition, node the problem names (null: the workflow), what the message says
        { "no name", Definitions.Mutate(d => d.Remove("name")), null, "needs a name" },
        { "no nodes", Definitions.Mutate(d => d["nodes"] = new JsonArray()), null, "has no nodes" },
        { "no trigger", Definitions.Mutate(d => { d.Nodes().RemoveAt(0); d["edges"] = new JsonArray(); }), null, "exactly one trigger" },
        { "two triggers", Definitions.Mutate(d => d.Nodes().AddJson("""{"id":"hook","type":"webhook"}""")), "hook", "another one besides 'start'" },
        { "unknown type", Definitions.Mutate(d => d.Node("wait")["type"] = "teleport"), "wait", "unknown type 'teleport'" },
        { "bad id", Definitions.Mutate(d => d.Nodes().AddJson("""{"id":"a-b","type":"set","parameters":{"fields":{}}}""")), "a-b", "needs an id of 1-64" },
        { "duplicate id", Definitions.Mutate(d => d.Nodes().AddJson("""{"id":"greet","type":"delay","parameters":{"duration":"00:00:01"}}""")), "greet", "ids must be unique" },
        { "edge from nowhere", Definitions.Mutate(d => d.Edges().AddJson("""{"from":"ghost","to":"wait"}""")), "ghost", "starts at 'ghost'" },
        { "edge to nowhere", Definitions.Mutate(d => d.Edges().AddJson("""{"from":"wait","to":"ghost"}""")), "wait", "goes to 'ghost'" },
        { "unknown port", Definitions.Mutate(d => d.Edges().AddJson("""{"from":"check","fromPort":"maybe","to":"wait"}""")), "check", "no output port 'maybe'" },
        { "edge into trigger", Definitions.Mutate(d => d.Edges().AddJson("""{"from":"wait","to":"start"}""")), "start", "is a trigger: nothing can lead into it" },
        { "self loop", Definitions.Mutate(d => d.Edges().AddJson("""{"from":"wait","to":"wait"}""")), "wait", "connected to itself" },
        { "cycle", Definitions.Mutate(d => d.Edges().AddJson("""{"from":"check","fromPort":"false","to":"greet"}""")), "greet", "cycle" },
        { "missing required", Definitions.Mutate(d => d.Parameters("greet").Remove("fields")), "greet", "'Fields' is required" },
        { "missing condition", Definitions.Mutate(d => d.Parameters("check").Remove("condition")), "check", "'Condition' is required" },
        { "broken template", Definitions.Mutate(d => d.Parameters("greet")["fields"] = new JsonObject { ["greeting"] = "Hello {{ trigger.body.name " }), "greet", "does not parse" },
        { "broken condition", Definitions.Mutate(d => d.Parameters("check")["condition"] = "{{ trigger.body.vip == }}"), "check", "does not parse" },
        { "bad duration", Definitions.Mutate(d => d.Parameters("wait")["duration"] = "5 minutes"), "wait", "must be a duration hh:mm:ss" },
        { "bad cron", Definitions.Mutate(d => { d.Node("start")["type"] = "schedule"; d.Parameters("start")["cron"] = "every day"; }), "start", "five-field cron expression" },
        { "bad time zone", Definitions.Mutate(d => { d.Node("start")["type"] = "schedule"; d.Parameters("start")["cron"] = "0 9 * * *"; d.Parameters("start")["timeZone"] = "Mars/Base"; }), "start", "is not a time zone" },
        { "bad option", Definitions.Mutate(d => { d.Node("start")["type"] = "webhook"; d.Parameters("start")["respond"] = "later"; }), "start", "must be one of: immediately, when_finished" },
        { "bad response node", Definitions.Mutate(d => { d.Node("start")["type"] = "webhook"; d.Parameters("start")["responseNode"] = "ghost"; }), "start", "response node 'ghost' is not a node" },
        { "integration not connected", Definitions.Mutate(d => { d.Nodes().AddJson("""{"id":"mail","type":"gmail.send","parameters":{"to":"a@example.com","subject":"Hi","body":"Hi"}}"""); d.Edges().AddJson("""{"from":"wait","to":"mail"}"""); }), "mail", "needs Gmail, which you have not connected" },
        { "header not text", Definitions.Mutate(d => { d.Nodes().AddJson("""{"id":"call","type":"http.request","parameters":{"url":"https://example.com","headers":{"X-Count":3}}}"""); d.Edges().AddJson("""{"from":"wait","to":"call"}"""); }), "call", "'X-Count' must be text" },
        { "fields not an object", Definitions.Mutate(d => d.Parameters("greet")["fields"] = "greeting"), "greet", "must be an object of name -> text" },
        { "huge template", Definitions.Mutate(d => d.Parameters("greet")["fields"] = new JsonObject { ["x"] = "{{ a }}" + new string('x', 10_001) }), "greet", "longer than 10,000 characters" },
        { "wrong integration", Definitions.Mutate(d => d.Node("wait")["integration"] = "slack"), "wait", "works with 'no integration', not 'slack'" },
        { "too many attempts", Definitions.Mutate(d => d.Node("greet")["settings"] = JsonNode.Parse("""{"retry":{"attempts":50}}""")), "greet", "settings.retry.attempts must be between 1 and 10 (got 50)" },
        { "bad back-off", Definitions.Mutate(d => d.Node("greet")["settings"] = JsonNode.Parse("""{"retry":{"attempts":3,"initialDelay":"soon"}}""")), "greet", "settings.retry.initialDelay must be a duration" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task An_invalid_definition_gets_a_problem_naming_the_node_and_saying_what_is_wrong(string name, string definition, string? nodeId, string expected)
    {
        var token = await client.TokenForAsync("validator@example.com");

        var report = await (await PostAsync("/api/workflows/validate", definition, token)).JsonAsync();

        Assert.False(report.GetProperty("valid").GetBoolean(), name);
        var errors = report.GetProperty("problems").EnumerateArray().Where(p => p.GetProperty("severity").GetString() == "Error").ToList();
        Assert.True(errors.Any(p => p.GetProperty("message").GetString()!.Contains(expected, StringComparison.Ordinal)
            && (nodeId is null || p.GetProperty("nodeId").GetString() == nodeId)),
            $"{name}: expected '{expected}' on {nodeId ?? "the workflow"}; got {string.Join(" | ", errors.Select(e => e.ToString()))}");
    }

    [Fact]
    public async Task The_valid_definition_is_valid()
    {
        var token = await client.TokenForAsync("validator@example.com");

        var report = await (await PostAsync("/api/workflows/validate", Definitions.Valid, token)).JsonAsync();

        Assert.True(report.GetProperty("valid").GetBoolean(), report.ToString());
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        return client.SendAsync(request);
    }
}
