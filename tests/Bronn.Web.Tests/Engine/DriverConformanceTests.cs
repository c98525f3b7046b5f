using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Scheduling;
using Bronn.Core.Execution.Temporal;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Common;
using Temporalio.Testing;
using Temporalio.Worker;

namespace Bronn.Web.Tests.Engine;

/// <summary>
/// One set of workflows through both drivers of the scheduler. The embedded runner runs one run of each on the real
/// database; the Temporal activities run another in the order the scheduler decides, and the history that makes is
/// replayed through the real interpreter workflow (no server here), which must schedule exactly those activities.
/// Both runs must leave the same step records (status, port, output, items, input) and end the same way.
/// </summary>
public sealed class DriverConformanceTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "line", """{"nodes":[{"id":"start","type":"manual"},{"id":"a","type":"set","parameters":{"fields":{"x":"{{ trigger.body.n }}"}}},{"id":"b","type":"set","parameters":{"fields":{"y":"{{ steps.a.output.x }}!"}}}],"edges":[{"from":"start","to":"a"},{"from":"a","to":"b"}]}""", """{"n":1}""" },
        { "branch taken", Branch, """{"amount":150}""" },
        { "branch not taken", Branch, """{"amount":"99"}""" },
        { "join after a branch that did not run", """{"nodes":[{"id":"start","type":"manual"},{"id":"check","type":"if","parameters":{"condition":"{{ trigger.body.amount > 100 }}"}},{"id":"yes","type":"set","parameters":{"fields":{"v":"yes"}}},{"id":"no","type":"set","parameters":{"fields":{"v":"no"}}},{"id":"join","type":"set","parameters":{"fields":{"done":"true"}}}],"edges":[{"from":"start","to":"check"},{"from":"check","fromPort":"true","to":"yes"},{"from":"check","fromPort":"false","to":"no"},{"from":"yes","to":"join"},{"from":"no","to":"join"}]}""", """{"amount":5}""" },
        { "independent branches", """{"nodes":[{"id":"start","type":"manual"},{"id":"b","type":"set","parameters":{"fields":{"v":"b"}}},{"id":"a","type":"set","parameters":{"fields":{"v":"a"}}},{"id":"c","type":"set","parameters":{"fields":{"v":"c"}}}],"edges":[{"from":"start","to":"b"},{"from":"start","to":"a"},{"from":"a","to":"c"}]}""", "{}" },
        { "branches at the same time, one reading the other, joined", """{"nodes":[{"id":"start","type":"manual"},{"id":"a","type":"set","parameters":{"fields":{"v":"a"}}},{"id":"b","type":"set","parameters":{"fields":{"saw":"{{ steps.a.output.v }}"}}},{"id":"c","type":"set","parameters":{"fields":{"v":"c"}}},{"id":"j","type":"merge","parameters":{"mode":"append"}}],"edges":[{"from":"start","to":"a"},{"from":"start","to":"b"},{"from":"start","to":"c"},{"from":"a","to":"j"},{"from":"c","to":"j"}]}""", "{}" },
        { "continue past a failed item", """{"nodes":[{"id":"start","type":"manual"},{"id":"rows","type":"split_out","parameters":{"list":"trigger.body.rows"}},{"id":"ratio","type":"set","parameters":{"fields":{"r":"{{ 10 | divided_by: item.d }}"}},"settings":{"onError":"continue"}},{"id":"all","type":"aggregate"}],"edges":[{"from":"start","to":"rows"},{"from":"rows","to":"ratio"},{"from":"ratio","to":"all"}]}""", """{"rows":[{"d":2},{"d":0},{"d":5}]}""" },
        { "failed items to the error port", """{"nodes":[{"id":"start","type":"manual"},{"id":"rows","type":"split_out","parameters":{"list":"trigger.body.rows"}},{"id":"ratio","type":"set","parameters":{"fields":{"r":"{{ 10 | divided_by: item.d }}"}},"settings":{"onError":"error_output"}},{"id":"ok","type":"set","parameters":{"fields":{"r":"{{ item.r }}"}}},{"id":"alert","type":"set","parameters":{"fields":{"d":"{{ item.item.d }}"}}}],"edges":[{"from":"start","to":"rows"},{"from":"rows","to":"ratio"},{"from":"ratio","to":"ok"},{"from":"ratio","fromPort":"error","to":"alert"}]}""", """{"rows":[{"d":2},{"d":0},{"d":5}]}""" },
        { "a node nothing leads to", """{"nodes":[{"id":"start","type":"manual"},{"id":"a","type":"set","parameters":{"fields":{"v":"a"}}},{"id":"lonely","type":"set","parameters":{"fields":{"v":"l"}}}],"edges":[{"from":"start","to":"a"}]}""", "{}" },
        { "split, per item, aggregate", """{"nodes":[{"id":"start","type":"manual"},{"id":"split","type":"split_out","parameters":{"list":"trigger.body.orders"}},{"id":"big","type":"if","parameters":{"condition":"{{ item.amount > 100 }}"}},{"id":"tag_big","type":"set","parameters":{"fields":{"id":"{{ item.id }}","size":"big"}}},{"id":"tag_small","type":"set","parameters":{"fields":{"id":"{{ item.id }}","size":"small"}}},{"id":"all","type":"aggregate"}],"edges":[{"from":"start","to":"split"},{"from":"split","to":"big"},{"from":"big","fromPort":"true","to":"tag_big"},{"from":"big","fromPort":"false","to":"tag_small"},{"from":"tag_big","to":"all"},{"from":"tag_small","to":"all"}]}""", """{"orders":[{"id":1,"amount":150},{"id":2,"amount":5},{"id":3,"amount":500}]}""" },
        { "an empty list", """{"nodes":[{"id":"start","type":"manual"},{"id":"split","type":"split_out","parameters":{"list":"trigger.body.orders"}},{"id":"each","type":"set","parameters":{"fields":{"id":"{{ item.id }}"}}}],"edges":[{"from":"start","to":"split"},{"from":"split","to":"each"}]}""", """{"orders":[]}""" },
        { "disabled nodes pass their items on", DisabledNodeTests.Definition, """{"amount":5}""" },
        { "filter that keeps nothing", """{"nodes":[{"id":"start","type":"manual"},{"id":"only_big","type":"filter","parameters":{"condition":"{{ trigger.body.amount > 100 }}"}},{"id":"after","type":"set","parameters":{"fields":{"v":"after"}}}],"edges":[{"from":"start","to":"only_big"},{"from":"only_big","to":"after"}]}""", """{"amount":1}""" },
    };

    private const string Branch = """{"nodes":[{"id":"start","type":"manual"},{"id":"check","type":"if","parameters":{"condition":"{{ trigger.body.amount > 100 }}"}},{"id":"big","type":"set","parameters":{"fields":{"size":"big"}}},{"id":"small","type":"set","parameters":{"fields":{"size":"small"}}},{"id":"tail","type":"set","parameters":{"fields":{"after":"{{ steps.small.output.size }}"}}}],"edges":[{"from":"start","to":"check"},{"from":"check","fromPort":"true","to":"big"},{"from":"check","fromPort":"false","to":"small"},{"from":"small","to":"tail"}]}""";

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Both_drivers_leave_the_same_step_records_and_the_same_end(string name, string definition, string body)
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (workflowId, _) = await engine.PublishAsync(definition.Replace("{\"nodes\"", $"{{\"name\":\"{name}\",\"nodes\"", StringComparison.Ordinal), activate: false);

        await BothDriversAgreeAsync(engine, () => engine.RunAsync(workflowId, body));
    }

    /// <summary>Runs from the builder (test runs of the draft), where pinned nodes emit their pins: the same on both drivers.</summary>
    [Fact]
    public async Task Both_drivers_use_pinned_items_alike_in_runs_from_the_builder()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", """
            {"name":"Pinned","nodes":[{"id":"start","type":"manual"},
              {"id":"fetch","type":"http.request","parameters":{"url":"http://192.0.2.1/orders"}},
              {"id":"wait","type":"delay","parameters":{"duration":"01:00:00"}},
              {"id":"each","type":"set","parameters":{"fields":{"order":"{{ item.id }}","source":"{{ steps.fetch.output.source }}"}}}],
             "edges":[{"from":"start","to":"fetch"},{"from":"fetch","to":"wait"},{"from":"wait","to":"each"}],
             "pinData":{"fetch":[{"id":1,"source":"pinned"},{"id":2,"source":"pinned"}],"wait":[{"id":3,"source":"pinned"}]}}
            """);
        var workflowId = (await created.JsonAsync()).GetProperty("id").GetString()!;

        var end = await BothDriversAgreeAsync(engine, async () =>
        {
            var started = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{workflowId}/test", "{}");
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            return (await started.JsonAsync()).GetProperty("executionId").GetString()!;
        });

        Assert.Equal("succeeded", end.GetProperty("status").GetString()); // no request, no hour's wait: both pinned
        Assert.Equal("3", end.GetProperty("output").GetProperty("order").ToString());
    }

    /// <summary>One run through the embedded runner, one through the Temporal activities and a replay of the interpreter: same records and end.</summary>
    private async Task<JsonElement> BothDriversAgreeAsync(EngineSteps engine, Func<Task<string>> start)
    {
        var embedded = await start();
        await RunEmbeddedAsync(Guid.Parse(embedded));
        var temporal = Guid.Parse(await start());
        var (history, requested) = await RunThroughActivitiesAsync(temporal);
        var recorder = new ActivityRecorder();
        var replay = await new WorkflowReplayer(new WorkflowReplayerOptions { Interceptors = [recorder] }.AddWorkflow<BronnInterpreterWorkflow>())
            .ReplayWorkflowAsync(WorkflowHistory.FromJson($"execution-{temporal}", history));

        Assert.Null(replay.ReplayFailure);
        Assert.Equal(requested, recorder.Scheduled.Where(s => s.Activity == "RunNode").Select(s => (NodeRequest)s.Args.Single()!).Select(r => (r.NodeId, r.Skip)));
        var left = await engine.GetAsync(embedded);
        var right = await engine.GetAsync(temporal.ToString());
        Assert.Equal(Describe(left).Order(), Describe(right).Order()); // branches at the same time may finish in either order
        Assert.Equal(left.GetProperty("status").GetString(), right.GetProperty("status").GetString());
        Assert.Equal(left.GetProperty("output").GetRawText(), right.GetProperty("output").GetRawText());
        return left;
    }

    private static IEnumerable<string> Describe(JsonElement execution) => execution.GetProperty("steps").EnumerateArray().Select(s =>
        $"{s.GetProperty("nodeId").GetString()} {s.GetProperty("status").GetString()} {s.GetProperty("port")} {s.GetProperty("output").GetRawText()} {s.GetProperty("items")} {s.GetProperty("input").GetRawText()}");

    /// <summary>What the embedded dispatcher does: claim the execution and run it.</summary>
    private async Task RunEmbeddedAsync(Guid executionId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        Assert.Contains(executionId, await app.Services.GetRequiredService<ExecutionLeases>().ClaimAsync(db, 100, CancellationToken.None));
        await app.Services.GetRequiredService<ExecutionRunner>().RunAsync(executionId, CancellationToken.None);
    }

    /// <summary>
    /// The interpreter's activities as the scheduler decides them, recorded as the history Temporal would keep: each
    /// workflow task schedules every activation offered (up to the plan's MaxParallel, skips besides), and the oldest
    /// running activity completes next.
    /// </summary>
    private async Task<(string History, List<(string NodeId, bool Skip)> Requested)> RunThroughActivitiesAsync(Guid executionId)
    {
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        var environment = new ActivityEnvironment();
        var history = new TemporalHistory(nameof(BronnInterpreterWorkflow), "bronn").Started(new InterpreterInput(executionId));
        var plan = await environment.RunAsync(() => activities.LoadPlanAsync(executionId));
        Assert.True(plan.RunsBranchesInParallel);
        history.Activity("LoadPlan", plan);
        var scheduling = plan.ToSchedulerPlan();
        var recorded = new Dictionary<string, NodeOutcome>();
        var requested = new List<(string NodeId, bool Skip)>();
        var running = new List<(string NodeId, bool Skip, int Scheduled)>();
        Start(plan.TriggerId, skip: false);
        while (running.Count > 0)
        {
            var (nodeId, skip, scheduled) = running[0];
            running.RemoveAt(0);
            var outcome = await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, nodeId, skip)));
            history.Complete(scheduled, outcome);
            history.WorkflowTask();
            recorded[nodeId] = outcome.ToOutcome(nodeId);
            var decision = Bronn.Core.Execution.Scheduling.Scheduler.Decide(scheduling, recorded, running.Select(r => r.NodeId).ToHashSet());
            foreach (var skipped in decision.Skip)
            {
                Start(skipped, skip: true);
            }
            foreach (var activation in decision.Run.Take(plan.MaxParallel - running.Count(r => !r.Skip)))
            {
                Start(activation.NodeId, skip: false);
            }
        }
        await environment.RunAsync(() => activities.FinishAsync(new FinishRequest(executionId, "succeeded", null, null)));
        history.Activity("Finish", null);
        return (history.Completed("succeeded"), requested);

        void Start(string nodeId, bool skip)
        {
            requested.Add((nodeId, skip));
            running.Add((nodeId, skip, history.Schedule("RunNode")));
        }
    }
}
