using System.Text.Json;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>Items: split a list, run a node per item (an action records a step per item), gather them again.</summary>
public sealed class ItemsTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    [Fact]
    public async Task Each_order_is_routed_notified_once_and_the_total_reported()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Orders","nodes":[
              {"id":"start","type":"manual"},
              {"id":"orders","type":"split_out","parameters":{"list":"{{ trigger.body.orders }}"}},
              {"id":"big","type":"if","parameters":{"condition":"{{ item.amount > 100 }}"}},
              {"id":"notify","type":"http.request","parameters":{"url":"__API__slow?ms={{ item.amount }}"},"settings":{"retry":{"attempts":1}}},
              {"id":"label","type":"set","parameters":{"fields":{"order":"{{ item.id }}","size":"small"}}},
              {"id":"report","type":"aggregate","parameters":{"field":"small_orders"}}
            ],"edges":[{"from":"start","to":"orders"},{"from":"orders","to":"big"},{"from":"big","fromPort":"true","to":"notify"},
                       {"from":"big","fromPort":"false","to":"label"},{"from":"label","to":"report"}]}
            """.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id,
            """{"orders":[{"id":1,"amount":150},{"id":2,"amount":20},{"id":3,"amount":300},{"id":4,"amount":5},{"id":5,"amount":30}]}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal(2, api.SlowCalls); // one call per big order, each once
        var steps = execution.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(2, steps.Count(s => s.GetProperty("nodeId").GetString() == "notify")); // a step per item
        var report = steps.Single(s => s.GetProperty("nodeId").GetString() == "report").GetProperty("output");
        Assert.Equal(["2", "4", "5"], report.GetProperty("small_orders").EnumerateArray().Select(o => o.GetProperty("order").GetString()));
        Assert.Equal(report.GetRawText(), execution.GetProperty("output").GetRawText());
    }

    [Theory]
    [InlineData("""{"orders":[]}""", "succeeded", null)]
    [InlineData("""{"orders":"not a list"}""", "failed", "the value is text, not a list")]
    [InlineData("""{"orders":{"id":1}}""", "failed", "the value is an object, not a list")]
    public async Task An_empty_list_skips_the_rest_and_a_value_that_is_not_a_list_fails_naming_its_type(string body, string status, string? error)
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Split","nodes":[{"id":"start","type":"manual"},{"id":"orders","type":"split_out","parameters":{"list":"trigger.body.orders"}},
              {"id":"each","type":"set","parameters":{"fields":{"x":"{{ item.id }}"}}}],
             "edges":[{"from":"start","to":"orders"},{"from":"orders","to":"each"}]}
            """, activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, body));

        Assert.Equal(status, execution.GetProperty("status").GetString());
        if (error is null)
        {
            Assert.Contains(("each", "skipped"), EngineSteps.Steps(execution));
        }
        else
        {
            Assert.Contains(error, execution.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Values_that_are_not_objects_become_items_with_a_value_field()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Tags","nodes":[{"id":"start","type":"manual"},{"id":"tags","type":"split_out","parameters":{"list":"{{ trigger.body.tags }}"}},
              {"id":"upper","type":"set","parameters":{"fields":{"tag":"{{ item.value | upcase }}"}}},{"id":"all","type":"aggregate"}],
             "edges":[{"from":"start","to":"tags"},{"from":"tags","to":"upper"},{"from":"upper","to":"all"}]}
            """, activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, """{"tags":["a","b"]}"""));

        Assert.Equal("""{"items":[{"tag":"A"},{"tag":"B"}]}""", execution.GetProperty("output").GetRawText());
    }
}
