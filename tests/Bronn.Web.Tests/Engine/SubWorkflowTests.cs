using System.Net;
using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Engine;

/// <summary>workflow.execute: calling another published workflow of the owner, waiting for its result (durably) or not.</summary>
public sealed class SubWorkflowTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    internal static string Doubler(string delay = "") => """
        {"name":"Doubler","nodes":[{"id":"called","type":"workflow.called"},__DELAY__
          {"id":"double","type":"set","parameters":{"fields":{"doubled":"{{ trigger.input.n | times: 2 }}"}}}],
         "edges":[__EDGES__]}
        """.Replace("__DELAY__", delay.Length == 0 ? "" : """{"id":"pause","type":"delay","parameters":{"duration":"__D__"}},""".Replace("__D__", delay, StringComparison.Ordinal), StringComparison.Ordinal)
        .Replace("__EDGES__", delay.Length == 0 ? """{"from":"called","to":"double"}""" : """{"from":"called","to":"pause"},{"from":"pause","to":"double"}""", StringComparison.Ordinal);

    internal static string Caller(string childId, bool wait = true) => """
        {"name":"Caller","nodes":[{"id":"start","type":"manual"},
          {"id":"call","type":"workflow.execute","parameters":{"workflowId":"__CHILD__","input":{"n":"{{ trigger.body.n }}"},"wait":__WAIT__}},
          {"id":"after","type":"set","parameters":{"fields":{"got":"{{ steps.call.output.doubled }}"}}}],
         "edges":[{"from":"start","to":"call"},{"from":"call","to":"after"}]}
        """.Replace("__CHILD__", childId, StringComparison.Ordinal).Replace("__WAIT__", wait ? "true" : "false", StringComparison.Ordinal);

    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    private async Task<JsonElement> ChildOfAsync(EngineSteps engine, string parentId)
    {
        var childId = await app.Database.ScalarAsync<Guid>($"SELECT id FROM executions WHERE parent_execution_id = '{parentId}'");
        return await engine.WaitAsync(childId.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("00:00:02")]
    public async Task The_caller_gets_the_called_workflows_result_also_when_the_called_one_waits_on_a_delay(string delay)
    {
        var engine = await UserAsync();
        var (childWorkflow, _) = await engine.PublishAsync(Doubler(delay), activate: false);
        var (parentWorkflow, _) = await engine.PublishAsync(Caller(childWorkflow), activate: false);

        var parent = await engine.WaitAsync(await engine.RunAsync(parentWorkflow, """{"n":21}"""));

        Assert.Equal("succeeded", parent.GetProperty("status").GetString());
        Assert.Equal("42", parent.GetProperty("output").GetProperty("got").GetString());
        var child = await ChildOfAsync(engine, parent.GetProperty("id").GetString()!);
        Assert.Equal(("succeeded", "workflow"), (child.GetProperty("status").GetString(), child.GetProperty("trigger").GetString()));
        Assert.Equal(parent.GetProperty("id").GetString(), child.GetProperty("parentExecutionId").GetString());
    }

    [Fact]
    public async Task Without_waiting_the_caller_goes_on_with_the_called_runs_id()
    {
        var engine = await UserAsync();
        var (childWorkflow, _) = await engine.PublishAsync(Doubler("00:00:01"), activate: false);
        var (parentWorkflow, _) = await engine.PublishAsync(Caller(childWorkflow, wait: false), activate: false);

        var parent = await engine.WaitAsync(await engine.RunAsync(parentWorkflow, """{"n":1}"""));

        Assert.Equal("succeeded", parent.GetProperty("status").GetString());
        var call = parent.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("nodeId").GetString() == "call").GetProperty("output");
        var child = await ChildOfAsync(engine, parent.GetProperty("id").GetString()!);
        Assert.Equal(child.GetProperty("id").GetString(), call.GetProperty("executionId").GetString());
        Assert.Equal("succeeded", child.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Workflows_calling_each_other_in_a_loop_stop_at_the_depth_limit_with_a_clear_message()
    {
        var engine = await UserAsync();
        var (a, _) = await engine.PublishAsync("""{"name":"A","nodes":[{"id":"called","type":"workflow.called"}],"edges":[]}""", activate: false);
        var (b, _) = await engine.PublishAsync(Loop("B", a), activate: false);
        Assert.True((await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{a}", Loop("A", b))).IsSuccessStatusCode);
        Assert.True((await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{a}/publish")).IsSuccessStatusCode);
        var (start, _) = await engine.PublishAsync(Caller(a), activate: false);

        var run = await engine.WaitAsync(await engine.RunAsync(start, """{"n":1}"""), "failed", "succeeded");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("more than 8 deep", run.GetProperty("error").GetString());
        Assert.Equal(8, await app.Database.ScalarAsync<long>(
            $"WITH RECURSIVE chain AS (SELECT id FROM executions WHERE parent_execution_id = '{run.GetProperty("id").GetString()}' " +
            "UNION ALL SELECT e.id FROM executions e JOIN chain c ON e.parent_execution_id = c.id) SELECT count(*) FROM chain"));

        static string Loop(string name, string target) => """
            {"name":"__NAME__","nodes":[{"id":"called","type":"workflow.called"},{"id":"call","type":"workflow.execute","parameters":{"workflowId":"__TARGET__"}}],
             "edges":[{"from":"called","to":"call"}]}
            """.Replace("__NAME__", name, StringComparison.Ordinal).Replace("__TARGET__", target, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("another owner", "is not one of your workflows")]
    [InlineData("unpublished", "is not published: publish it first")]
    [InlineData("manual trigger", "must start with 'Called by a workflow'")]
    [InlineData("itself", "a workflow cannot call itself")]
    public async Task A_workflow_that_cannot_be_called_is_refused_on_publish_naming_the_node_and_field(string which, string message)
    {
        var engine = await UserAsync();
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", Caller(Guid.Empty.ToString()));
        var id = (await created.JsonAsync()).GetProperty("id").GetString()!;
        var target = which switch
        {
            "another owner" => (await (await UserAsync()).PublishAsync(Doubler(), activate: false)).Id,
            "unpublished" => (await (await engine.SendAsync(HttpMethod.Post, "/api/workflows", Doubler())).JsonAsync()).GetProperty("id").GetString()!,
            "manual trigger" => (await engine.PublishAsync("""{"name":"Plain","nodes":[{"id":"start","type":"manual"}],"edges":[]}""", activate: false)).Id,
            _ => id,
        };
        Assert.True((await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{id}", Caller(target))).IsSuccessStatusCode);

        var published = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish");

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        var body = await published.Content.ReadAsStringAsync();
        Assert.Contains("workflowId", body);
        Assert.Contains("Node 'call'", body);
        Assert.Contains(message, body);
    }
}

/// <summary>A caller resumed (after a crash, on another engine) finds the run it started instead of starting another.</summary>
public sealed class SubWorkflowResumeTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Fact]
    public async Task A_caller_resumed_while_the_called_run_is_going_finds_the_same_run_and_completes_with_its_result()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (childWorkflow, _) = await engine.PublishAsync(SubWorkflowTests.Doubler(), activate: false);
        var (parentWorkflow, _) = await engine.PublishAsync(SubWorkflowTests.Caller(childWorkflow), activate: false);
        var parentId = Guid.Parse(await engine.RunAsync(parentWorkflow, """{"n":5}"""));

        await RunAsync(parentId); // starts the call, then parks waiting for it
        await RunAsync(parentId, due: true); // resumed (another process, say) before the called run ends
        var children = await ChildrenAsync(parentId);
        var child = Assert.Single(children);
        Assert.Equal("waiting", (await engine.GetAsync(parentId.ToString())).GetProperty("status").GetString());

        await RunAsync(child, claim: false); // claimed above with the caller, as an engine holding it would
        await RunAsync(parentId, due: true);

        var parent = await engine.GetAsync(parentId.ToString());
        Assert.Equal("succeeded", parent.GetProperty("status").GetString());
        Assert.Equal("10", parent.GetProperty("output").GetProperty("got").GetString());
        Assert.Single(await ChildrenAsync(parentId));
    }

    private async Task<List<Guid>> ChildrenAsync(Guid parentId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        return await db.Executions.Where(e => e.ParentExecutionId == parentId).Select(e => e.Id).ToListAsync();
    }

    /// <summary>What an embedded engine does: claim what is runnable (the execution made due first, if asked) and run the execution.</summary>
    private async Task RunAsync(Guid executionId, bool due = false, bool claim = true)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        if (due)
        {
            await db.Executions.Where(e => e.Id == executionId).ExecuteUpdateAsync(e => e.SetProperty(x => x.ResumeAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }
        if (claim)
        {
            Assert.Contains(executionId, await app.Services.GetRequiredService<ExecutionLeases>().ClaimAsync(db, 100, CancellationToken.None));
        }
        await app.Services.GetRequiredService<ExecutionRunner>().RunAsync(executionId, CancellationToken.None);
    }
}

/// <summary>
/// On Temporal a waited-for call is a child workflow: the activities run the caller and the called run, and the history
/// they make (the node's activity, the child workflow, the node again) replays through the real interpreter.
/// </summary>
public sealed class TemporalSubWorkflowTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Fact]
    public async Task The_interpreter_runs_the_called_run_as_a_child_workflow_and_the_node_then_returns_its_result()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (childWorkflow, _) = await engine.PublishAsync(SubWorkflowTests.Doubler(), activate: false);
        var (parentWorkflow, _) = await engine.PublishAsync(SubWorkflowTests.Caller(childWorkflow), activate: false);
        var parentId = Guid.Parse(await engine.RunAsync(parentWorkflow, """{"n":4}"""));
        var activities = ActivatorUtilities.CreateInstance<Bronn.Core.Execution.Temporal.ExecutionActivities>(app.Services);
        var environment = new Temporalio.Testing.ActivityEnvironment();
        Task<Bronn.Core.Execution.StepOutcome> Node(Guid execution, string node) =>
            environment.RunAsync(() => activities.RunNodeAsync(new Bronn.Core.Execution.Temporal.NodeRequest(execution, node, false)));

        var plan = await environment.RunAsync(() => activities.LoadPlanAsync(parentId));
        var history = new TemporalHistory(nameof(Bronn.Core.Execution.Temporal.BronnInterpreterWorkflow), "bronn")
            .Started(new Bronn.Core.Execution.Temporal.InterpreterInput(parentId)).Activity("LoadPlan", plan)
            .Activity("RunNode", await Node(parentId, "start"));
        var waiting = await Node(parentId, "call");
        var childId = Assert.IsType<Guid>(waiting.AwaitsExecution);
        history.Activity("RunNode", waiting);
        // The child workflow: the called run's own activities.
        await Node(childId, "called");
        await Node(childId, "double");
        await environment.RunAsync(() => activities.FinishAsync(new Bronn.Core.Execution.Temporal.FinishRequest(childId, "succeeded", null, null)));
        history.ChildWorkflow(nameof(Bronn.Core.Execution.Temporal.BronnInterpreterWorkflow), Bronn.Core.Execution.TemporalLauncher.WorkflowIdOf(childId), "succeeded");
        var done = await Node(parentId, "call");
        history.Activity("RunNode", done).Activity("RunNode", await Node(parentId, "after"));
        await environment.RunAsync(() => activities.FinishAsync(new Bronn.Core.Execution.Temporal.FinishRequest(parentId, "succeeded", null, null)));
        var json = history.Activity("Finish", null).Completed("succeeded");

        var replay = await new Temporalio.Worker.WorkflowReplayer(new Temporalio.Worker.WorkflowReplayerOptions()
            .AddWorkflow<Bronn.Core.Execution.Temporal.BronnInterpreterWorkflow>())
            .ReplayWorkflowAsync(Temporalio.Common.WorkflowHistory.FromJson($"execution-{parentId}", json));

        Assert.Null(replay.ReplayFailure);
        Assert.Equal(new Dictionary<string, int> { ["main"] = 1 }, done.ItemsByPort);
        var parent = await engine.GetAsync(parentId.ToString());
        Assert.Equal(("succeeded", "8"), (parent.GetProperty("status").GetString(), parent.GetProperty("output").GetProperty("got").GetString()));
        Assert.Equal("succeeded", await app.Database.ScalarAsync<string>($"SELECT status FROM executions WHERE id = '{childId}'"));
    }
}
