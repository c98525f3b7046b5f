using System.Text.Json;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Startup;

namespace Bronn.Web.Tests.Engine;

/// <summary>The web app here only accepts work; engines run in child processes that the test kills.</summary>
public sealed class NoEngineAppFactory : BronnAppFactory
{
    public NoEngineAppFactory()
    {
        Settings["Engine:Enabled"] = "false";
        Settings["Engine:MinScheduleInterval"] = "00:00:01"; // the live Temporal test schedules every second
    }
}

[Collection(Bronn.Web.Tests.Startup.KilledProcesses.Name)]
public sealed class KillAndResumeTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Fact]
    public async Task An_engine_killed_mid_step_is_resumed_by_another_and_completed_steps_never_run_again()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Resume","nodes":[
              {"id":"start","type":"manual"},
              {"id":"first","type":"set","parameters":{"fields":{"at":"{{ now }}"}}},
              {"id":"call","type":"http.request","parameters":{"url":"__SLOW__slow?ms=4000","timeout":"00:01:00"},"settings":{"retry":{"attempts":1}}},
              {"id":"last","type":"set","parameters":{"fields":{"done":"yes"}}}
            ],"edges":[{"from":"start","to":"first"},{"from":"first","to":"call"},{"from":"call","to":"last"}]}
            """.Replace("__SLOW__", slow.BaseAddress.ToString(), StringComparison.Ordinal));
        var executionId = await engine.RunAsync(id);

        using (var doomed = StartEngine())
        {
            await WaitUntilAsync(() => slow.SlowCalls == 1, doomed);
            doomed.Kill(); // mid-step: the HTTP call is in flight and the lease is held
        }
        var interrupted = await engine.GetAsync(executionId);
        Assert.Equal("running", interrupted.GetProperty("status").GetString());
        // Each step was stored when it completed, before the next one started: the set node's output (with its time) is there.
        Assert.Equal(["start", "first"], EngineSteps.Steps(interrupted).Select(s => s.Node));
        var firstAt = FirstAt(interrupted);

        using var survivor = StartEngine();
        var execution = await engine.WaitAsync(executionId, TimeSpan.FromSeconds(90));

        Assert.True(execution.GetProperty("status").GetString() == "succeeded", execution.ToString()); // shows why it did not
        var steps = EngineSteps.Steps(execution).ToList();
        Assert.Equal(["start", "first", "call", "last"], steps.Select(s => s.Node));
        Assert.All(steps, s => Assert.Equal("succeeded", s.Status));
        Assert.Equal(2, slow.SlowCalls); // the interrupted call ran again (http.request is at-least-once); nothing else did
        Assert.Equal(firstAt, FirstAt(execution)); // the completed set node was not run again ({{ now }} would differ)
    }

    [Fact]
    public async Task A_per_item_run_killed_during_the_fourth_of_eight_calls_resumes_without_calling_the_first_three_again()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Eight","nodes":[
              {"id":"start","type":"manual"},
              {"id":"each","type":"split_out","parameters":{"list":"{{ trigger.body.items }}"}},
              {"id":"call","type":"http.request","parameters":{"url":"__SLOW__slow?ms=700&n={{ item.n }}","timeout":"00:01:00"},"settings":{"retry":{"attempts":1}}}
            ],"edges":[{"from":"start","to":"each"},{"from":"each","to":"call"}]}
            """.Replace("__SLOW__", slow.BaseAddress.ToString(), StringComparison.Ordinal));
        var executionId = await engine.RunAsync(id, """{"items":[{"n":1},{"n":2},{"n":3},{"n":4},{"n":5},{"n":6},{"n":7},{"n":8}]}""");

        using (var doomed = StartEngine())
        {
            await WaitUntilAsync(() => slow.SlowCalls == 4, doomed);
            doomed.Kill(); // during the 4th call: items 1-3 are stored, the 4th is in flight
        }
        var interrupted = await engine.GetAsync(executionId);
        Assert.Equal(3, EngineSteps.Steps(interrupted).Count(s => s.Node == "call" && s.Status == "succeeded"));

        using var survivor = StartEngine();
        var execution = await engine.WaitAsync(executionId, TimeSpan.FromSeconds(90));

        Assert.True(execution.GetProperty("status").GetString() == "succeeded", execution.ToString()); // shows why it did not
        Assert.Equal(8, EngineSteps.Steps(execution).Count(s => s.Node == "call" && s.Status == "succeeded"));
        Assert.Equal(9, slow.SlowCalls); // 8 items; only the interrupted 4th was called twice (http.request is at-least-once)
    }

    [Fact]
    public async Task An_engine_killed_while_a_called_workflow_runs_is_resumed_with_one_called_run_and_the_caller_completes()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (child, _) = await engine.PublishAsync("""
            {"name":"Slow lookup","nodes":[{"id":"called","type":"workflow.called"},
              {"id":"lookup","type":"http.request","parameters":{"url":"__SLOW__slow?ms=4000","timeout":"00:01:00"},"settings":{"retry":{"attempts":1}}}],
             "edges":[{"from":"called","to":"lookup"}]}
            """.Replace("__SLOW__", slow.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);
        var (caller, _) = await engine.PublishAsync(SubWorkflowTests.Caller(child).Replace("steps.call.output.doubled", "steps.call.output.body.waited", StringComparison.Ordinal), activate: false);
        var executionId = await engine.RunAsync(caller, """{"n":1}""");

        using (var doomed = StartEngine())
        {
            await WaitUntilAsync(() => slow.SlowCalls == 1, doomed);
            doomed.Kill(); // the called run is mid-step; its caller waits for it
        }
        using var survivor = StartEngine();
        var execution = await engine.WaitAsync(executionId, TimeSpan.FromSeconds(90));

        Assert.True(execution.GetProperty("status").GetString() == "succeeded", execution.ToString()); // shows why it did not
        Assert.Equal("4000", execution.GetProperty("output").GetProperty("got").GetString());
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE parent_execution_id = '{executionId}'"));
        Assert.Equal(2, slow.SlowCalls); // the interrupted call in the called run ran again; no second called run
    }

    private static string? FirstAt(JsonElement execution) =>
        execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "first")
            .GetProperty("output").GetProperty("at").GetString();

    private BuiltApp StartEngine() => ServerProcess.Worker(app.Database);

    private static async Task WaitUntilAsync(Func<bool> condition, BuiltApp? engine = null)
    {
        // Generous: a worker process starting cold on a 2-core machine busy with the rest of the suite can take a while.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out; the engine {(engine?.HasExited == true ? "exited" : "ran")}, saying: {engine?.Output}");
            await Task.Delay(50);
        }
    }
}
