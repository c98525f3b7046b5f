using System.Net;
using System.Text.Json;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Temporal;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Testing;

namespace Bronn.Web.Tests.Engine;

/// <summary>settings.errorWorkflow: when a run fails, the named workflow (an error trigger) runs once with what failed.</summary>
public sealed class ErrorWorkflowTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    internal const string Alert = """
        {"name":"Alert","nodes":[{"id":"oops","type":"error_trigger"},
          {"id":"note","type":"set","parameters":{"fields":{"text":"{{ trigger.workflow.name }} failed at {{ trigger.error.node }}: {{ trigger.error.message }}","link":"{{ trigger.execution.url }}"}}}],
         "edges":[{"from":"oops","to":"note"}]}
        """;

    internal static string Failing(string errorWorkflowId) => """
        {"name":"Orders","settings":{"errorWorkflow":"__TARGET__"},"nodes":[{"id":"start","type":"manual"},
          {"id":"check","type":"stop_and_error","parameters":{"message":"Order {{ trigger.body.id }} has no customer."}}],
         "edges":[{"from":"start","to":"check"}]}
        """.Replace("__TARGET__", errorWorkflowId, StringComparison.Ordinal);

    private async Task<EngineSteps> UserAsync()
    {
        var client = app.CreateApiClient();
        return new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
    }

    private Task<long> RunsOfAsync(string workflowId) => app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE workflow_id = '{workflowId}'");

    [Fact]
    public async Task A_failed_run_starts_the_error_workflow_once_with_what_failed_and_the_runs_link_to_each_other()
    {
        var engine = await UserAsync();
        var (alertId, _) = await engine.PublishAsync(Alert, activate: false);
        var (ordersId, _) = await engine.PublishAsync(Failing(alertId), activate: false);

        var failed = await engine.WaitAsync(await engine.RunAsync(ordersId, """{"id":7}"""));
        var failedId = failed.GetProperty("id").GetString();
        var alertRunId = await app.Database.ScalarAsync<Guid>($"SELECT id FROM executions WHERE workflow_id = '{alertId}'");
        var alert = await engine.WaitAsync(alertRunId.ToString());

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(1, await RunsOfAsync(alertId));
        Assert.Equal("succeeded", alert.GetProperty("status").GetString());
        Assert.Equal("error", alert.GetProperty("trigger").GetString());
        Assert.Equal(failedId, alert.GetProperty("parentExecutionId").GetString());
        var note = alert.GetProperty("output");
        Assert.Equal("Orders failed at check: Order 7 has no customer.", note.GetProperty("text").GetString());
        Assert.EndsWith($"/executions/{failedId}", note.GetProperty("link").GetString());
    }

    [Fact]
    public async Task Builder_test_runs_and_failures_of_the_error_workflow_itself_start_no_error_run()
    {
        var engine = await UserAsync();
        // An error workflow that fails, naming itself: its failure must not start it again.
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", """{"name":"Broken alert","nodes":[{"id":"oops","type":"error_trigger"}],"edges":[]}""");
        var brokenId = (await created.JsonAsync()).GetProperty("id").GetString()!;
        Assert.True((await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{brokenId}/publish")).IsSuccessStatusCode);
        var saved = await engine.SendAsync(HttpMethod.Put, $"/api/workflows/{brokenId}", """
            {"name":"Broken alert","settings":{"errorWorkflow":"__SELF__"},"nodes":[{"id":"oops","type":"error_trigger"},
              {"id":"fail","type":"stop_and_error","parameters":{"message":"The alert itself broke."}}],"edges":[{"from":"oops","to":"fail"}]}
            """.Replace("__SELF__", brokenId, StringComparison.Ordinal));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.True((await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{brokenId}/publish")).IsSuccessStatusCode);
        var (ordersId, _) = await engine.PublishAsync(Failing(brokenId), activate: false);

        var testRun = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{ordersId}/test", """{"body":{"id":1}}""");
        var testRunId = (await testRun.JsonAsync()).GetProperty("executionId").GetString()!;
        Assert.Equal("failed", (await engine.WaitAsync(testRunId)).GetProperty("status").GetString());
        Assert.Equal(0, await RunsOfAsync(brokenId)); // stored with the failure, or never

        await engine.WaitAsync(await engine.RunAsync(ordersId, """{"id":2}"""));
        var alertRunId = await app.Database.ScalarAsync<Guid>($"SELECT id FROM executions WHERE workflow_id = '{brokenId}'");
        Assert.Equal("failed", (await engine.WaitAsync(alertRunId.ToString())).GetProperty("status").GetString());
        Assert.Equal(1, await RunsOfAsync(brokenId));
    }

    [Theory]
    [InlineData("not-an-id", "is not one of your workflows")]
    [InlineData("another owner", "is not one of your workflows")]
    [InlineData("unpublished", "is not published: publish it first")]
    [InlineData("manual trigger", "must start with an Error trigger; its published version starts with 'manual'")]
    public async Task An_error_workflow_that_cannot_be_used_is_refused_on_publish_naming_the_setting(string which, string message)
    {
        var engine = await UserAsync();
        var target = which switch
        {
            "another owner" => (await (await UserAsync()).PublishAsync(Alert, activate: false)).Id,
            "unpublished" => (await (await engine.SendAsync(HttpMethod.Post, "/api/workflows", Alert)).JsonAsync()).GetProperty("id").GetString()!,
            "manual trigger" => (await engine.PublishAsync("""{"name":"Plain","nodes":[{"id":"start","type":"manual"}],"edges":[]}""", activate: false)).Id,
            _ => which,
        };
        var created = await engine.SendAsync(HttpMethod.Post, "/api/workflows", Failing(target));
        var id = (await created.JsonAsync()).GetProperty("id").GetString();

        var published = await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish");

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        var body = await published.Content.ReadAsStringAsync();
        Assert.Contains("settings.errorWorkflow", body);
        Assert.Contains(message, body);
    }
}

/// <summary>The error run is stored with the failure: no engine needs to be alive for it, and recording the failure twice adds nothing.</summary>
public sealed class ErrorWorkflowDurabilityTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Fact]
    public async Task The_error_run_is_queued_in_the_failures_commit_and_a_repeated_finish_adds_no_second_one()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (alertId, _) = await engine.PublishAsync(ErrorWorkflowTests.Alert, activate: false);
        var (ordersId, _) = await engine.PublishAsync(ErrorWorkflowTests.Failing(alertId), activate: false);
        var executionId = Guid.Parse(await engine.RunAsync(ordersId, """{"id":3}"""));
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        var environment = new ActivityEnvironment();

        // The Temporal driver records the failure; the worker dies before Temporal hears back, so Temporal runs it again.
        await environment.RunAsync(() => activities.FinishAsync(new FinishRequest(executionId, "failed", "Order 3 has no customer.", "check")));
        await environment.RunAsync(() => activities.FinishAsync(new FinishRequest(executionId, "failed", "Order 3 has no customer.", "check")));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        var errorRuns = await db.Executions.Where(e => e.WorkflowId == Guid.Parse(alertId)).ToListAsync();
        var queued = Assert.Single(errorRuns);
        Assert.Equal(("queued", executionId), (queued.Status, queued.ParentExecutionId!.Value));
        // No engine ran in this process: any engine that starts later finds it and runs it.
        Assert.Contains(queued.Id, await app.Services.GetRequiredService<ExecutionLeases>().ClaimAsync(db, 100, CancellationToken.None));
        await app.Services.GetRequiredService<ExecutionRunner>().RunAsync(queued.Id, CancellationToken.None);
        var alert = await engine.WaitAsync(queued.Id.ToString());
        Assert.Equal("succeeded", alert.GetProperty("status").GetString());
        Assert.Equal("Orders failed at check: Order 3 has no customer.", alert.GetProperty("output").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Two_engines_recording_the_same_failure_at_once_start_one_error_run()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (alertId, _) = await engine.PublishAsync(ErrorWorkflowTests.Alert, activate: false);
        var (ordersId, _) = await engine.PublishAsync(ErrorWorkflowTests.Failing(alertId), activate: false);
        var executionId = Guid.Parse(await engine.RunAsync(ordersId, """{"id":4}"""));
        var first = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        var second = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);

        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                await new ActivityEnvironment().RunAsync(() => (i == 0 ? first : second).FinishAsync(new FinishRequest(executionId, "failed", "Order 4 has no customer.", "check")));
                return "recorded";
            }
            catch (DbUpdateException)
            {
                return "refused"; // the other one's error run is there: this attempt fails and, retried, finds the run finished
            }
        })));

        Assert.Contains("recorded", racing);
        Assert.Equal(1, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE parent_execution_id = '{executionId}'"));
        Assert.Equal("failed", (await engine.GetAsync(executionId.ToString())).GetProperty("status").GetString());
        // However the two interleave, the database takes one error run per failed run and refuses a second.
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>().CreateDbContextAsync();
        var failed = await db.Executions.AsNoTracking().SingleAsync(e => e.Id == executionId);
        Assert.NotNull(await app.Services.GetRequiredService<Bronn.Core.Execution.ErrorWorkflows.ErrorWorkflowRuns>().AddAsync(db, failed, CancellationToken.None));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
