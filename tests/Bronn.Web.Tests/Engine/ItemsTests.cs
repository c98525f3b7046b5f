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

/// <summary>switch and merge: parameter-defined ports, joins of branches, and their bad input.</summary>
public sealed class SwitchAndMergeTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    private const string Routing = """
        {"name":"Route","nodes":[
          {"id":"start","type":"manual"},
          {"id":"orders","type":"split_out","parameters":{"list":"trigger.body.orders"}},
          {"id":"route","type":"switch","parameters":{"cases":{"big":"{{ item.amount > 100 }}","medium":"item.amount > 20"}}},
          {"id":"big","type":"set","parameters":{"fields":{"id":"{{ item.id }}","lane":"big"}}},
          {"id":"medium","type":"set","parameters":{"fields":{"id":"{{ item.id }}","lane":"medium"}}},
          {"id":"rest","type":"set","parameters":{"fields":{"id":"{{ item.id }}","lane":"rest"}}},
          {"id":"together","type":"merge"},
          {"id":"paired","type":"merge","parameters":{"mode":"combine"}}
        ],"edges":[{"from":"start","to":"orders"},{"from":"orders","to":"route"},
          {"from":"route","fromPort":"big","to":"big"},{"from":"route","fromPort":"medium","to":"medium"},{"from":"route","fromPort":"fallback","to":"rest"},
          {"from":"big","to":"together"},{"from":"medium","to":"together"},{"from":"rest","to":"together"},
          {"from":"big","to":"paired"},{"from":"rest","to":"paired"}]}
        """;

    [Fact]
    public async Task Each_item_takes_the_first_case_that_holds_and_merges_join_the_branches()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync(Routing, activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id,
            """{"orders":[{"id":1,"amount":150},{"id":2,"amount":50},{"id":3,"amount":5},{"id":4,"amount":500}]}"""));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var steps = execution.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("nodeId").GetString()!);
        Assert.Equal(2, steps["big"].GetProperty("itemCount").GetInt32());
        Assert.Equal(1, steps["medium"].GetProperty("itemCount").GetInt32());
        Assert.Equal(1, steps["rest"].GetProperty("itemCount").GetInt32());
        var together = steps["together"].GetProperty("items").EnumerateArray().Select(i => i.GetProperty("json").GetProperty("id").GetString());
        Assert.Equal(["1", "4", "2", "3"], together); // input by input, in edge order
        Assert.Equal("""{"id":"3","lane":"rest"}""", steps["paired"].GetProperty("output").GetRawText()); // item 1 of big and of rest, combined
        Assert.Equal(2, steps["paired"].GetProperty("itemCount").GetInt32());
    }

    [Theory]
    [InlineData("""{"id":"route","type":"switch","parameters":{"cases":{}}}""", "at least one case")]
    [InlineData("""{"id":"route","type":"switch","parameters":{"cases":{"fallback":"item.a > 1"}}}""", "cannot be a port")]
    [InlineData("""{"id":"route","type":"switch","parameters":{"cases":{"big one":"item.a > 1"}}}""", "cannot be a port")]
    [InlineData("""{"id":"route","type":"switch","parameters":{"cases":{"big":"{% if %}"}}}""", "not a valid condition")]
    public async Task A_switch_without_usable_cases_is_refused_naming_the_problem(string node, string message)
    {
        var engine = await UserAsync();
        var definition = """{"name":"Bad","nodes":[{"id":"start","type":"manual"},__NODE__],"edges":[{"from":"start","to":"route"}]}""".Replace("__NODE__", node);

        var report = await (await engine.SendAsync(HttpMethod.Post, "/api/workflows/validate", definition)).JsonAsync();

        Assert.False(report.GetProperty("valid").GetBoolean());
        Assert.Contains(report.GetProperty("problems").EnumerateArray(), p => p.GetProperty("message").GetString()!.Contains(message));
    }

    [Fact]
    public async Task A_merge_with_one_input_and_an_edge_from_a_case_that_does_not_exist_are_refused()
    {
        var engine = await UserAsync();
        var report = await (await engine.SendAsync(HttpMethod.Post, "/api/workflows/validate", """
            {"name":"Bad","nodes":[{"id":"start","type":"manual"},{"id":"route","type":"switch","parameters":{"cases":{"big":"item.a > 1"}}},
              {"id":"m","type":"merge"}],
             "edges":[{"from":"start","to":"route"},{"from":"route","fromPort":"small","to":"m"}]}
            """)).JsonAsync();

        var messages = report.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains("has no output port 'small'") && m.Contains("big, fallback"));
        Assert.Contains(messages, m => m.Contains("connect at least 2 inputs"));
    }
}

public sealed class SmallLimitsAppFactory : BronnAppFactory
{
    public SmallLimitsAppFactory()
    {
        Settings["Engine:MaxItemsPerOutput"] = "5";
        Settings["Engine:MaxStepOutputBytes"] = "2048";
        Settings["Engine:MaxExecutionBytes"] = "4096";
    }
}

/// <summary>A run over a limit fails naming the limit and its setting.</summary>
public sealed class ItemLimitsTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>
{
    [Theory]
    [InlineData("""{"id":"big","type":"split_out","parameters":{"list":"trigger.body.list"}}""", """{"list":[1,2,3,4,5,6]}""", "Engine:MaxItemsPerOutput")]
    [InlineData("""{"id":"big","type":"set","parameters":{"fields":{"text":"{{ trigger.body.text }}"}}}""", """{"text":"__LONG__"}""", "Engine:MaxStepOutputBytes")]
    public async Task A_step_over_a_limit_fails_the_run_naming_the_setting(string node, string body, string setting)
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync($$"""
            {"name":"Limits","nodes":[{"id":"start","type":"manual"},{{node}}],"edges":[{"from":"start","to":"big"}]}
            """, activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, body.Replace("__LONG__", new string('x', 3000))));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains(setting, execution.GetProperty("error").GetString());
    }
}

/// <summary>Engine:MaxExecutionBytes counts every step the execution stored, the trigger's included.</summary>
public sealed class ExecutionBytesLimitTests(SmallLimitsAppFactory app) : IClassFixture<SmallLimitsAppFactory>
{
    [Fact]
    public async Task The_step_that_takes_the_execution_past_its_byte_limit_fails_naming_the_setting_and_earlier_steps_stand()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Growing","nodes":[{"id":"start","type":"manual"},
              {"id":"a","type":"set","parameters":{"fields":{"text":"{{ trigger.body.text }}"}}},
              {"id":"b","type":"set","parameters":{"fields":{"text":"{{ steps.a.output.text }}"}}},
              {"id":"c","type":"set","parameters":{"fields":{"text":"{{ steps.b.output.text }}"}}}],
             "edges":[{"from":"start","to":"a"},{"from":"a","to":"b"},{"from":"b","to":"c"}]}
            """, activate: false);

        // Each step stores about 1,200 bytes (under the 2,048 per step); the fourth passes the 4,096 per execution.
        var execution = await engine.WaitAsync(await engine.RunAsync(id, $$"""{"text":"{{new string('x', 1200)}}"}"""));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains("Engine:MaxExecutionBytes", execution.GetProperty("error").GetString());
        Assert.Equal([("start", "succeeded"), ("a", "succeeded"), ("b", "succeeded"), ("c", "failed")], EngineSteps.Steps(execution));
    }
}
