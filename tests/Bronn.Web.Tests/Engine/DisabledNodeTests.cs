using System.Net;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>settings.disabled: the node does nothing and passes its items on by its first output (both drivers: DriverConformanceTests).</summary>
public sealed class DisabledNodeTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    public const string Definition = """
        {"name":"Disabled","nodes":[{"id":"start","type":"manual"},
          {"id":"check","type":"if","parameters":{"condition":"{{ trigger.body.amount > 100 }}"},"settings":{"disabled":true}},
          {"id":"yes","type":"set","parameters":{"fields":{"v":"yes"}}},
          {"id":"no","type":"set","parameters":{"fields":{"v":"no"}}},
          {"id":"wait","type":"delay","parameters":{"duration":"01:00:00"},"settings":{"disabled":true}},
          {"id":"call","type":"http.request","parameters":{"method":"POST","url":"http://192.0.2.1/never"},"settings":{"disabled":true}},
          {"id":"after","type":"set","parameters":{"fields":{"saw":"{{ item.v }}","amount":"{{ trigger.body.amount }}"}}}],
         "edges":[{"from":"start","to":"check"},{"from":"check","fromPort":"true","to":"yes"},{"from":"check","fromPort":"false","to":"no"},
                  {"from":"yes","to":"wait"},{"from":"wait","to":"call"},{"from":"call","to":"after"}]}
        """;

    [Fact]
    public async Task A_disabled_if_delay_and_request_pass_the_items_on_unchanged_and_do_nothing()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync(Definition, activate: false);

        var run = await engine.WaitAsync(await engine.RunAsync(id, """{"amount":5}"""));

        Assert.Equal("succeeded", run.GetProperty("status").GetString()); // no hour's wait, no request to an unreachable address
        var steps = EngineSteps.Steps(run).ToDictionary(s => s.Node, s => s.Status);
        Assert.Equal("succeeded", steps["yes"]); // a disabled if passes everything by its first output, "true"
        Assert.Equal("skipped", steps["no"]);
        var after = run.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "after").GetProperty("output");
        Assert.Equal("yes", after.GetProperty("saw").GetString()); // the item reached it unchanged through the delay and the request
        Assert.Equal("5", after.GetProperty("amount").ToString());
    }

    [Fact]
    public async Task A_disabled_node_may_be_unfinished_but_a_disabled_trigger_is_refused_with_a_reason()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, unfinished) = await engine.PublishAsync("""
            {"name":"Half done","nodes":[{"id":"start","type":"manual"},{"id":"later","type":"http.request","parameters":{},"settings":{"disabled":true}}],
             "edges":[{"from":"start","to":"later"}]}
            """, activate: false);
        Assert.Equal(1, unfinished.GetProperty("publishedVersion").GetInt32()); // PublishAsync asserts it was published

        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", """
            {"name":"Off","nodes":[{"id":"start","type":"manual","settings":{"disabled":true}}],"edges":[]}
            """);
        var workflowId = (await created.JsonAsync()).GetProperty("id").GetString();
        var published = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{workflowId}/publish");

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        Assert.Contains("is the trigger and cannot be disabled", await published.Content.ReadAsStringAsync());
    }
}
