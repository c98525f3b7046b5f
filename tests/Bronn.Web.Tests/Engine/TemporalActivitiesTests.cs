using Bronn.Core.Execution;
using Bronn.Core.Execution.Temporal;
using Bronn.Core.Workflows.Catalog;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Startup;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace Bronn.Web.Tests.Engine;

/// <summary>
/// The Temporal backend's activities, run with Temporal's ActivityEnvironment (no server is available here): they
/// load the plan, run nodes through the same executors and write the same step records as the embedded engine.
/// </summary>
public sealed class TemporalActivitiesTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Fact]
    public async Task Activities_run_a_branching_workflow_and_record_it_like_the_embedded_engine()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"On Temporal","nodes":[
              {"id":"start","type":"manual"},
              {"id":"check","type":"if","parameters":{"condition":"{{ trigger.body.amount > 100 }}"}},
              {"id":"big","type":"set","parameters":{"fields":{"size":"big {{ trigger.body.amount }}"}},"settings":{"retry":{"attempts":4}}},
              {"id":"small","type":"set","parameters":{"fields":{"size":"small"}}}
            ],"edges":[{"from":"start","to":"check"},{"from":"check","fromPort":"true","to":"big"},{"from":"check","fromPort":"false","to":"small"}]}
            """);
        var executionId = Guid.Parse(await engine.RunAsync(id, """{"amount":150}"""));
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        var environment = new ActivityEnvironment();

        var plan = await environment.RunAsync(() => activities.LoadPlanAsync(executionId));
        // Walked as the interpreter walks it: the scheduler decides, in plan order.
        var scheduling = plan.ToSchedulerPlan();
        var recorded = new Dictionary<string, Bronn.Core.Execution.Scheduling.NodeOutcome>();
        var next = ((string NodeId, bool Skip)?)(plan.TriggerId, false);
        while (next is { } current)
        {
            var outcome = await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, current.NodeId, current.Skip)));
            recorded[current.NodeId] = outcome.ToOutcome(current.NodeId);
            next = Bronn.Core.Execution.Scheduling.SequentialWalk.Next(plan.Order,
                Bronn.Core.Execution.Scheduling.Scheduler.Decide(scheduling, recorded, new HashSet<string>()));
        }
        await environment.RunAsync(() => activities.FinishAsync(new FinishRequest(executionId, "succeeded", null, null)));

        Assert.Equal(["start", "check", "big", "small"], plan.Order);
        Assert.Equal(4, plan.Retries["big"].Attempts);
        var execution = await engine.GetAsync(executionId.ToString());
        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal([("start", "succeeded"), ("check", "succeeded"), ("big", "succeeded"), ("small", "skipped")], EngineSteps.Steps(execution));
        Assert.Equal("big 150", execution.GetProperty("output").GetProperty("size").GetString());
    }

    [Fact]
    public async Task A_node_run_on_temporal_leaves_no_lease_that_an_embedded_engine_would_take()
    {
        var (executionId, activities, environment) = await StartLineAsync();

        await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "start", false)));
        await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "first", false)));

        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE id = '{executionId}' AND lease_expires_at IS NOT NULL"));
        await using var db = await app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Bronn.Core.Data.BronnDbContext>>().CreateDbContextAsync();
        var claimed = await app.Services.GetRequiredService<ExecutionLeases>().ClaimAsync(db, 100, CancellationToken.None);
        Assert.DoesNotContain(executionId, claimed);
    }

    [Fact]
    public async Task A_cancelled_temporal_run_stops_before_its_next_node_and_never_ends_succeeded()
    {
        var (executionId, activities, environment) = await StartLineAsync();
        await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "start", false)));
        await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "first", false)));
        var caller = new Bronn.Core.Workflows.WorkflowCaller(Guid.Parse((await app.Database.ScalarAsync<Guid>($"SELECT owner_id FROM executions WHERE id = '{executionId}'")).ToString()), false);

        Assert.Equal(ChangeOutcome.Done, await app.Services.GetRequiredService<ExecutionService>().CancelAsync(executionId, caller));
        var next = await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "second", false)));
        await environment.RunAsync(() => activities.FinishAsync(new FinishRequest(executionId, "succeeded", null, null)));

        Assert.True(next.Cancelled);
        Assert.Equal("cancelled", await app.Database.ScalarAsync<string>($"SELECT status FROM executions WHERE id = '{executionId}'"));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM execution_steps WHERE execution_id = '{executionId}' AND node_id = 'second'"));
    }

    [Fact]
    public async Task A_credential_used_on_temporal_is_in_no_activity_payload()
    {
        const string secret = "temporal-never-sees-4e1a";
        await using var api = await Bronn.Testing.StandIns.ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var created = await engine.SendAsync(HttpMethod.Post, "/api/credentials", """{"name":"Key","type":"header","data":{"name":"X-Api-Key","value":"__S__"}}""".Replace("__S__", secret, StringComparison.Ordinal));
        var credential = (await created.JsonAsync()).GetProperty("id").GetString()!;
        var (id, _) = await engine.PublishAsync("""
            {"name":"Keyed","nodes":[{"id":"start","type":"manual"},{"id":"call","type":"http.request","credential":"__C__","parameters":{"url":"__URL__"}}],
             "edges":[{"from":"start","to":"call"}]}
            """.Replace("__C__", credential, StringComparison.Ordinal).Replace("__URL__", api.Url("/echo-query"), StringComparison.Ordinal));
        var executionId = Guid.Parse(await engine.RunAsync(id));
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        var environment = new ActivityEnvironment();

        var plan = await environment.RunAsync(() => activities.LoadPlanAsync(executionId));
        var started = await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "start", false)));
        var called = await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "call", false)));

        Assert.Equal(1, api.EchoCalls);
        var converter = Temporalio.Converters.DataConverter.Default.PayloadConverter;
        foreach (var payload in new object[] { plan, started, called, new NodeRequest(executionId, "call", false) })
        {
            Assert.DoesNotContain(secret, converter.ToPayload(payload).Data.ToStringUtf8());
        }
    }

    private async Task<(Guid ExecutionId, ExecutionActivities Activities, ActivityEnvironment Environment)> StartLineAsync()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Line","nodes":[{"id":"start","type":"manual"},{"id":"first","type":"set","parameters":{"fields":{"a":"1"}}},
              {"id":"second","type":"set","parameters":{"fields":{"b":"2"}}}],
             "edges":[{"from":"start","to":"first"},{"from":"first","to":"second"}]}
            """);
        var executionId = Guid.Parse(await engine.RunAsync(id));
        // As the Temporal launcher leaves it: queued, owned by no embedded engine.
        return (executionId, ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services),
            new ActivityEnvironment());
    }

    [Fact]
    public async Task A_node_that_cannot_succeed_fails_its_activity_as_non_retryable()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Bad call","nodes":[
              {"id":"start","type":"manual"},
              {"id":"call","type":"http.request","parameters":{"url":"{{ trigger.body.url }}"}}
            ],"edges":[{"from":"start","to":"call"}]}
            """);
        var executionId = Guid.Parse(await engine.RunAsync(id, """{"url":"not a url"}"""));
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        var environment = new ActivityEnvironment();
        await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "start", false)));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "call", false))));

        Assert.True(failure.NonRetryable);
        Assert.Contains("absolute http(s) URL", failure.Message);
    }

    [Fact]
    public async Task A_node_routing_errors_fails_its_activity_while_retries_remain_then_sends_the_item_to_its_error_port()
    {
        await using var api = await Bronn.Testing.StandIns.ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Unavailable","nodes":[
              {"id":"start","type":"manual"},
              {"id":"call","type":"http.request","parameters":{"url":"__API__status/503"},"settings":{"onError":"error_output","retry":{"attempts":2}}}
            ],"edges":[{"from":"start","to":"call"}]}
            """.Replace("__API__", api.BaseAddress.ToString(), StringComparison.Ordinal), activate: false);
        var executionId = Guid.Parse(await engine.RunAsync(id));
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        var environment = new ActivityEnvironment();
        await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "start", false)));

        // Temporal's first attempt: the activity fails (retryable), so Temporal tries again.
        var first = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "call", false))));
        var last = await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "call", false)));

        Assert.False(first.NonRetryable);
        Assert.Equal(new Dictionary<string, int> { ["error"] = 1 }, last.ItemsByPort);
        Assert.Equal(2, api.StatusCalls[503]);
    }

    [Fact]
    public async Task The_worker_exits_non_zero_with_a_clear_message_when_temporal_is_unreachable()
    {
        using var worker = BuiltApp.Start("Bronn.Worker", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Bronn"] = app.Database.ConnectionString,
            ["Bronn__Jwt__SigningKey"] = BronnAppFactory.SigningKey,
            ["Bronn__Encryption__Keys__test1"] = BronnAppFactory.TestEncryptionKey,
            ["Temporal__Address"] = "127.0.0.1:1",
        });

        Assert.Equal(3, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("cannot reach Temporal at 127.0.0.1:1 (Temporal:Address)", worker.Output);
    }
}
