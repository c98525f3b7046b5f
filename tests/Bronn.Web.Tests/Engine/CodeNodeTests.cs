using System.Net;
using System.Text.Json;
using Bronn.Core.Workflows.Code;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Engine;

/// <summary>The code node: JavaScript per item or on all items, in a sandbox with limits that name themselves.</summary>
public sealed class CodeNodeTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    private static string Workflow(string code, string mode = "each") => """
        {"name":"Code","nodes":[{"id":"start","type":"manual"},
          {"id":"rows","type":"split_out","parameters":{"list":"trigger.body.rows"}},
          {"id":"js","type":"code","parameters":{"mode":"__MODE__","code":__CODE__}}],
         "edges":[{"from":"start","to":"rows"},{"from":"rows","to":"js"}]}
        """.Replace("__MODE__", mode, StringComparison.Ordinal).Replace("__CODE__", JsonSerializer.Serialize(code), StringComparison.Ordinal);

    private async Task<JsonElement> RunAsync(EngineSteps engine, string code, string mode = "each", string body = """{"rows":[{"price":2,"qty":3},{"price":5,"qty":0},{"price":1,"qty":7}]}""")
    {
        var (id, _) = await engine.PublishAsync(Workflow(code, mode), activate: false);
        return await engine.WaitAsync(await engine.RunAsync(id, body));
    }

    private static List<JsonElement> ItemsOf(JsonElement execution, string nodeId)
    {
        var step = execution.GetProperty("steps").EnumerateArray().Last(s => s.GetProperty("nodeId").GetString() == nodeId);
        return step.GetProperty("items").ValueKind == JsonValueKind.Array
            ? step.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("json")).ToList()
            : [step.GetProperty("output")];
    }

    [Fact]
    public async Task Each_mode_makes_a_new_item_per_item_and_null_drops_one()
    {
        var execution = await RunAsync(await UserAsync(), "if (item.qty === 0) return null;\nreturn { total: item.price * item.qty, at: new Date().toISOString() };");

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var items = ItemsOf(execution, "js");
        Assert.Equal([6, 7], items.Select(i => i.GetProperty("total").GetInt32()));
        // The clock is the step's start, the same for every item.
        Assert.Single(items.Select(i => i.GetProperty("at").GetString()).Distinct());
    }

    [Fact]
    public async Task All_mode_sees_every_item_once_and_returns_the_new_list()
    {
        var execution = await RunAsync(await UserAsync(), "const sum = items.reduce((s, i) => s + i.price * i.qty, 0);\nreturn [{ sum, count: items.length }];", "all");

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var only = Assert.Single(ItemsOf(execution, "js"));
        Assert.Equal((13, 3), (only.GetProperty("sum").GetInt32(), only.GetProperty("count").GetInt32()));
        // Its input shows the items the script was given.
        var input = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "js").GetProperty("input");
        Assert.Equal(3, input.GetProperty("received").GetInt32());
        Assert.Equal([2, 5, 1], input.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("price").GetInt32()));
    }

    [Theory]
    [InlineData("const x = 1;\nthrow new Error('no price for ' + item.price);", "Line 2: no price for 2")]
    [InlineData("const a = []; while (true) { a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + a.length); }", "Engine:Code:MaxMemoryBytes")]
    [InlineData("function f(n) { return f(n + 1); }\nreturn f(0);", "Engine:Code:MaxRecursion")]
    [InlineData("return 42;", "must return an object (the new item) or null to drop the item; it returned a number")]
    [InlineData("return eval('1+1');", "Line 1:")]
    [InlineData("return new Function('return 1')();", "Line 1:")]
    public async Task A_script_error_or_a_limit_fails_the_step_naming_the_line_or_the_limit(string code, string error)
    {
        var execution = await RunAsync(await UserAsync(), code);

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Contains(error, execution.GetProperty("error").GetString());
        Assert.Equal("js", execution.GetProperty("failedNodeId").GetString());
    }

    [Fact]
    public async Task Nothing_of_the_host_is_reachable_and_no_run_sees_what_another_changed()
    {
        var engine = await UserAsync();
        var probe = await RunAsync(engine, """
            return {
              require: typeof require, process: typeof process, System: typeof System, importNamespace: typeof importNamespace,
              fetch: typeof fetch, XMLHttpRequest: typeof XMLHttpRequest, setTimeout: typeof setTimeout, polluted: ({}).polluted === undefined ? 'no' : 'yes'
            };
            """, body: """{"rows":[{}]}""");
        var polluter = await RunAsync(engine, "Object.prototype.polluted = 'yes'; Array.prototype.push = null; return { done: true };", body: """{"rows":[{}]}""");
        var after = await RunAsync(engine, "const a = []; a.push(1); return { polluted: ({}).polluted === undefined ? 'no' : 'yes', pushed: a.length };", body: """{"rows":[{}]}""");

        var seen = Assert.Single(ItemsOf(probe, "js"));
        foreach (var name in new[] { "require", "process", "System", "importNamespace", "fetch", "XMLHttpRequest", "setTimeout" })
        {
            Assert.Equal("undefined", seen.GetProperty(name).GetString());
        }
        Assert.Equal("succeeded", polluter.GetProperty("status").GetString());
        var clean = Assert.Single(ItemsOf(after, "js"));
        Assert.Equal(("no", 1), (clean.GetProperty("polluted").GetString(), clean.GetProperty("pushed").GetInt32()));
    }

    [Fact]
    public async Task Scripts_beyond_the_concurrency_bound_wait_their_turn()
    {
        var sandbox = app.Services.GetRequiredService<JavaScriptSandbox>();
        var bound = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Bronn.Core.Execution.EngineOptions>>().Value.Code.MaxConcurrent;
        var item = JsonSerializer.SerializeToElement(new { n = 1 });

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            sandbox.RunAsync("let x = 0; for (let i = 0; i < 200000; i++) { x += i; } return { x };", "item", item, DateTimeOffset.UnixEpoch, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(19999900000, r!.Value.GetProperty("x").GetInt64()));
        Assert.InRange(sandbox.MostAtOnce, 1, bound);
    }

    [Fact]
    public async Task A_script_over_its_statement_budget_fails_naming_the_setting()
    {
        var sandbox = new JavaScriptSandbox(Microsoft.Extensions.Options.Options.Create(
            new Bronn.Core.Execution.EngineOptions { Code = new CodeOptions { MaxStatements = 1_000 } }));

        var failure = await Assert.ThrowsAsync<Bronn.Core.Execution.NodeFailedException>(() =>
            sandbox.RunAsync("let n = 0; while (true) { n++; }", "item", JsonSerializer.SerializeToElement(new { }), DateTimeOffset.UnixEpoch, CancellationToken.None));

        Assert.Equal("The code executed more than 1,000 statements (Engine:Code:MaxStatements).", failure.Message);
    }

    [Fact]
    public async Task Code_that_does_not_parse_is_refused_on_publish_with_its_line()
    {
        var engine = await UserAsync();
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", Workflow("const a = 1;\nreturn { a: };"));
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        var published = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish");

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        var body = await published.Content.ReadAsStringAsync();
        Assert.Contains("'Code' does not parse: Line 2:", body);
        Assert.Contains("\"js\"", body);
    }
}

public sealed class ShortCodeTimeoutAppFactory : BronnAppFactory
{
    public ShortCodeTimeoutAppFactory()
    {
        Settings["Engine:Code:Timeout"] = "00:00:01";
        Settings["Engine:Code:MaxStatements"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Engine:Code:Timeout stops a script that never ends; the engine goes on serving.</summary>
public sealed class CodeTimeoutTests(ShortCodeTimeoutAppFactory app) : IClassFixture<ShortCodeTimeoutAppFactory>
{
    [Fact]
    public async Task An_endless_loop_fails_naming_the_timeout_and_the_next_run_goes_through()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Loop","nodes":[{"id":"start","type":"manual"},{"id":"js","type":"code","parameters":{"code":"if (item.body.loop) { while (true) {} } return { ok: true };"}}],
             "edges":[{"from":"start","to":"js"}]}
            """, activate: false);

        var looping = await engine.WaitAsync(await engine.RunAsync(id, """{"loop":true}"""));
        var fine = await engine.WaitAsync(await engine.RunAsync(id, """{"loop":false}"""));

        Assert.Equal("failed", looping.GetProperty("status").GetString());
        Assert.Contains("ran longer than 1 s (Engine:Code:Timeout)", looping.GetProperty("error").GetString());
        Assert.Equal("succeeded", fine.GetProperty("status").GetString());
    }
}
