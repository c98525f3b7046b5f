using System.Text.Json;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>Independent branches run at the same time on the embedded engine, bounded by Engine:MaxParallelBranches.</summary>
public sealed class ParallelBranchesTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    // Three slow calls side by side, joined by a node that reads two of them.
    internal const string ThreeSlowCalls = """
        {"name":"Fan out","nodes":[
          {"id":"start","type":"manual"},
          {"id":"crm","type":"http.request","parameters":{"url":"__API__slow?ms=700"},"settings":{"retry":{"attempts":1}}},
          {"id":"billing","type":"http.request","parameters":{"url":"__API__slow?ms=700"},"settings":{"retry":{"attempts":1}}},
          {"id":"support","type":"http.request","parameters":{"url":"__API__slow?ms=700"},"settings":{"retry":{"attempts":1}}},
          {"id":"report","type":"set","parameters":{"fields":{"crm":"{{ steps.crm.output.body.waited }}","billing":"{{ steps.billing.output.body.waited }}"}}}
        ],"edges":[{"from":"start","to":"crm"},{"from":"start","to":"billing"},{"from":"start","to":"support"},
                   {"from":"crm","to":"report"},{"from":"billing","to":"report"},{"from":"support","to":"report"}]}
        """;

    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    [Fact]
    public async Task Three_slow_calls_on_independent_branches_run_at_the_same_time_and_the_join_sees_them_all()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync(ThreeSlowCalls.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal(3, api.SlowCalls);
        Assert.Equal(3, api.MostSlowCallsAtOnce);
        var steps = Steps(execution);
        Assert.True(steps["crm"].Started < steps["billing"].Finished && steps["billing"].Started < steps["crm"].Finished, "the calls' steps overlap in time");
        Assert.Equal("700", execution.GetProperty("output").GetProperty("crm").GetString());
        Assert.Equal("700", execution.GetProperty("output").GetProperty("billing").GetString());
    }

    [Fact]
    public async Task A_node_that_reads_an_earlier_sibling_sees_its_result_though_no_edge_joins_them()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Sibling","nodes":[
              {"id":"start","type":"manual"},
              {"id":"lookup","type":"http.request","parameters":{"url":"__API__slow?ms=400"}},
              {"id":"greet","type":"set","parameters":{"fields":{"waited":"{{ steps.lookup.output.body.waited }}","later":"{{ steps.tail.output.x }}"}}},
              {"id":"tail","type":"set","parameters":{"fields":{"x":"tail"}}}
            ],"edges":[{"from":"start","to":"lookup"},{"from":"start","to":"greet"},{"from":"start","to":"tail"}]}
            """.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var greet = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "greet").GetProperty("output");
        Assert.Equal("400", greet.GetProperty("waited").GetString()); // as when nodes ran one at a time, in plan order
        Assert.Equal("", greet.GetProperty("later").GetString()); // a node after it in plan order: not seen, as before
    }

    [Fact]
    public async Task A_branch_that_fails_ends_the_run_after_the_branch_still_running_records_its_step()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"One fails","nodes":[
              {"id":"start","type":"manual"},
              {"id":"slow","type":"http.request","parameters":{"url":"__API__slow?ms=800"}},
              {"id":"broken","type":"stop_and_error","parameters":{"message":"Customer {{ trigger.body.id }} has no email."}},
              {"id":"after","type":"set","parameters":{"fields":{"x":"1"}}}
            ],"edges":[{"from":"start","to":"slow"},{"from":"start","to":"broken"},{"from":"slow","to":"after"}]}
            """.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id, """{"id":7}"""));

        Assert.Equal("failed", execution.GetProperty("status").GetString());
        Assert.Equal("Customer 7 has no email.", execution.GetProperty("error").GetString());
        Assert.Equal("broken", execution.GetProperty("failedNodeId").GetString());
        var steps = EngineSteps.Steps(execution).ToDictionary(s => s.Node, s => s.Status);
        Assert.Equal("succeeded", steps["slow"]); // its call happened: its step is recorded
        Assert.False(steps.ContainsKey("after")); // nothing new started after the failure
    }

    [Fact]
    public async Task Two_delays_side_by_side_each_count_from_when_their_input_was_ready()
    {
        var engine = await UserAsync();
        var (id, _) = await engine.PublishAsync("""
            {"name":"Two waits","nodes":[
              {"id":"start","type":"manual"},
              {"id":"short","type":"delay","parameters":{"duration":"00:00:01"}},
              {"id":"long","type":"delay","parameters":{"duration":"00:00:02"}},
              {"id":"both","type":"set","parameters":{"fields":{"done":"yes"}}}
            ],"edges":[{"from":"start","to":"short"},{"from":"start","to":"long"},{"from":"short","to":"both"},{"from":"long","to":"both"}]}
            """, activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        var steps = Steps(execution);
        var ready = steps["start"].Finished;
        // The run parked for the short wait first; the long one still ends 2 s after its input, not 2 s after the resume.
        Assert.InRange((WaitedUntil(execution, "short") - ready).TotalMilliseconds, 999, 1001);
        Assert.InRange((WaitedUntil(execution, "long") - ready).TotalMilliseconds, 1999, 2001);
        Assert.True(steps["both"].Started >= ready + TimeSpan.FromSeconds(2));
    }

    private static DateTimeOffset WaitedUntil(JsonElement execution, string nodeId) => execution.GetProperty("steps").EnumerateArray()
        .Single(s => s.GetProperty("nodeId").GetString() == nodeId).GetProperty("output").GetProperty("waitedUntil").GetDateTimeOffset();

    internal static Dictionary<string, (DateTimeOffset Started, DateTimeOffset Finished)> Steps(JsonElement execution) =>
        execution.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("nodeId").GetString()!,
            s => (s.GetProperty("startedAt").GetDateTimeOffset(), s.GetProperty("finishedAt").GetDateTimeOffset()));
}

public sealed class OneBranchAtATimeAppFactory : BronnAppFactory
{
    public OneBranchAtATimeAppFactory() => Settings["Engine:MaxParallelBranches"] = "1";
}

/// <summary>Engine:MaxParallelBranches bounds how many branches of one execution run at once.</summary>
public sealed class ParallelBranchLimitTests(OneBranchAtATimeAppFactory app) : IClassFixture<OneBranchAtATimeAppFactory>
{
    [Fact]
    public async Task With_a_limit_of_one_the_branches_run_one_after_another_with_the_same_result()
    {
        await using var api = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync(ParallelBranchesTests.ThreeSlowCalls.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);

        var execution = await engine.WaitAsync(await engine.RunAsync(id));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal(3, api.SlowCalls);
        Assert.Equal(1, api.MostSlowCallsAtOnce);
        Assert.Equal("700", execution.GetProperty("output").GetProperty("billing").GetString());
    }
}
