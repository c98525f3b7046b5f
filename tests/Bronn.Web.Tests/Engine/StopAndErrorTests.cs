using Bronn.Core.Execution.Temporal;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace Bronn.Web.Tests.Engine;

/// <summary>stop_and_error: the run fails on that node with the user's own message, on both engines.</summary>
public sealed class StopAndErrorTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    public const string Definition = """
        {"name":"Guard","nodes":[{"id":"start","type":"manual"},
          {"id":"check","type":"if","parameters":{"condition":"{{ trigger.body.amount < 0 }}"}},
          {"id":"refuse","type":"stop_and_error","parameters":{"message":"Order {{ trigger.body.id }} has a negative amount."}},
          {"id":"accept","type":"set","parameters":{"fields":{"ok":"{{ trigger.body.id }}"}}}],
         "edges":[{"from":"start","to":"check"},{"from":"check","fromPort":"true","to":"refuse"},{"from":"check","fromPort":"false","to":"accept"}]}
        """;

    [Fact]
    public async Task The_run_fails_on_the_node_with_the_message_and_a_good_item_passes()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync(Definition, activate: false);

        var refused = await engine.WaitAsync(await engine.RunAsync(id, """{"id":7,"amount":-5}"""));
        var accepted = await engine.WaitAsync(await engine.RunAsync(id, """{"id":8,"amount":5}"""));

        Assert.Equal("failed", refused.GetProperty("status").GetString());
        Assert.Equal("Order 7 has a negative amount.", refused.GetProperty("error").GetString());
        Assert.Equal("refuse", refused.GetProperty("failedNodeId").GetString());
        Assert.Single(EngineSteps.Steps(refused), s => s.Node == "refuse" && s.Status == "failed"); // never retried
        Assert.Equal("succeeded", accepted.GetProperty("status").GetString());
    }
}

/// <summary>The same workflow through the Temporal activities (the app here runs no embedded engine).</summary>
public sealed class StopAndErrorOnTemporalTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Fact]
    public async Task The_activity_fails_for_good_with_the_same_message()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync(StopAndErrorTests.Definition, activate: false);
        var executionId = Guid.Parse(await engine.RunAsync(id, """{"id":9,"amount":-1}"""));
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        var environment = new ActivityEnvironment();
        await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "start", false)));
        await environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "check", false)));

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(() =>
            environment.RunAsync(() => activities.RunNodeAsync(new NodeRequest(executionId, "refuse", false))));

        Assert.True(failure.NonRetryable);
        Assert.Equal("Order 9 has a negative amount.", failure.Message);
    }
}
