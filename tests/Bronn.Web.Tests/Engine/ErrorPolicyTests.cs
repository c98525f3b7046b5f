using System.Net;
using System.Text.Json;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>settings.onError: stop (the default), continue with the item, or route failed items to the "error" port.</summary>
public sealed class ErrorPolicyTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    /// <summary>A draft may hold anything; publishing it is refused.</summary>
    private static async Task<HttpResponseMessage> PublishRefusedAsync(EngineSteps engine, string definition)
    {
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", definition);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetString();
        return await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish");
    }

    private static JsonElement StepOf(JsonElement execution, string nodeId) =>
        execution.GetProperty("steps").EnumerateArray().Last(s => s.GetProperty("nodeId").GetString() == nodeId);

    [Fact]
    public async Task Continue_passes_the_failed_item_on_with_its_error_and_the_run_succeeds()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Ratios","nodes":[{"id":"start","type":"manual"},
              {"id":"rows","type":"split_out","parameters":{"list":"trigger.body.rows"}},
              {"id":"ratio","type":"set","parameters":{"fields":{"id":"{{ item.id }}","ratio":"{{ 10 | divided_by: item.d }}"}},"settings":{"onError":"continue"}},
              {"id":"all","type":"aggregate"}],
             "edges":[{"from":"start","to":"rows"},{"from":"rows","to":"ratio"},{"from":"ratio","to":"all"}]}
            """, activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, """{"rows":[{"id":1,"d":2},{"id":2,"d":0},{"id":3,"d":5}]}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var ratio = StepOf(execution, "ratio");
        Assert.Equal("succeeded", ratio.GetProperty("status").GetString());
        Assert.StartsWith("1 of 3 items failed; the first: ", ratio.GetProperty("error").GetString());
        var items = StepOf(execution, "all").GetProperty("output").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["5", null, "2"], items.Select(i => i.TryGetProperty("ratio", out var r) ? r.GetString() : null));
        Assert.Equal(0, items[1].GetProperty("d").GetInt32()); // the input item, passed on as it was
        Assert.Contains("fields.ratio", items[1].GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Error_output_routes_each_failed_item_with_its_status_after_the_retries_and_the_rest_go_on()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Calls","nodes":[{"id":"start","type":"manual"},
              {"id":"calls","type":"split_out","parameters":{"list":"trigger.body.codes"}},
              {"id":"call","type":"http.request","parameters":{"url":"__API__status/{{ item.value }}"},
               "settings":{"onError":"error_output","retry":{"attempts":2,"initialDelay":"00:00:01"}}},
              {"id":"done","type":"set","parameters":{"fields":{"code":"{{ item.status }}"}}},
              {"id":"alert","type":"set","parameters":{"fields":{"status":"{{ item.error.status }}","asked":"{{ item.item.value }}","why":"{{ item.error.message }}"}}}],
             "edges":[{"from":"start","to":"calls"},{"from":"calls","to":"call"},{"from":"call","to":"done"},{"from":"call","fromPort":"error","to":"alert"}]}
            """.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, """{"codes":[200,404,503,201]}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal(1, api.StatusCalls[404]); // not worth retrying
        Assert.Equal(2, api.StatusCalls[503]); // retried, then routed
        var alerts = StepOf(execution, "alert");
        Assert.Equal(2, alerts.GetProperty("itemCount").GetInt32());
        var routed = alerts.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("json")).ToList();
        Assert.Equal([("404", "404"), ("503", "503")], routed.Select(i => (i.GetProperty("status").GetString(), i.GetProperty("asked").GetString())));
        Assert.Contains("answered 503", routed[1].GetProperty("why").GetString());
        Assert.Equal(["200", "201"], StepOf(execution, "done").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("json").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Stop_and_error_fails_the_run_whatever_its_policy()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Hard stop","nodes":[{"id":"start","type":"manual"},
              {"id":"halt","type":"stop_and_error","parameters":{"message":"No customer."},"settings":{"onError":"continue"}}],
             "edges":[{"from":"start","to":"halt"}]}
            """, activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Equal("No customer.", execution.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("""{"id":"a","type":"set","parameters":{"fields":{"x":"1"}},"settings":{"onError":"ignore"}}""", "", "settings.onError", "must be stop, continue, error_output")]
    [InlineData("""{"id":"a","type":"set","parameters":{"fields":{"x":"1"}}}""", """,{"from":"a","fromPort":"error","to":"b"}""", "edges", "only when its settings.onError is 'error_output'")]
    [InlineData("""{"id":"a","type":"switch","parameters":{"cases":{"error":"item.x > 1"}},"settings":{"onError":"error_output"}}""", "", "cases", "rename the case 'error'")]
    public async Task A_bad_error_policy_is_refused_naming_the_node_and_the_field(string node, string edge, string field, string message)
    {
        var engine = await UserAsync();
        var response = await PublishRefusedAsync(engine, """
            {"name":"Bad policy","nodes":[{"id":"start","type":"manual","settings":{"onError":"stop"}},__NODE__,{"id":"b","type":"set","parameters":{"fields":{"y":"1"}}}],
             "edges":[{"from":"start","to":"a"},{"from":"a","to":"b"}__EDGE__]}
            """.Replace("__NODE__", node, StringComparison.Ordinal).Replace("__EDGE__", edge, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(field, body);
        Assert.Contains(message, body);
        Assert.Contains("'a'", body);
    }

    [Fact]
    public async Task A_trigger_has_no_error_policy()
    {
        var engine = await UserAsync();
        var response = await PublishRefusedAsync(engine, """
            {"name":"Trigger policy","nodes":[{"id":"start","type":"manual","settings":{"onError":"continue"}},{"id":"b","type":"set","parameters":{"fields":{"y":"1"}}}],
             "edges":[{"from":"start","to":"b"}]}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is the trigger: it has no error policy", await response.Content.ReadAsStringAsync());
    }
}
