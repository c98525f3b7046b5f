using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Triggers;
using Bronn.Core.Execution.Temporal;
using Bronn.Core.Workflows.Catalog;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Testing;
using Temporalio.Worker;

namespace Bronn.Web.Tests.Engine;

/// <summary>Runs only where a Temporal CLI binary is available (named by BRONN_TEMPORAL_CLI).</summary>
public sealed class TemporalFactAttribute : FactAttribute
{
    public const string Variable = "BRONN_TEMPORAL_CLI";

    public TemporalFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"Needs a Temporal dev server: set {Variable} to a `temporal` binary (none can be installed on this machine).";
        }
    }
}

public sealed class TemporalServerTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [TemporalFact]
    public async Task The_interpreter_runs_a_workflow_on_a_real_temporal_server_with_a_durable_delay()
    {
        await using var temporal = await WorkflowEnvironment.StartLocalAsync(new()
        {
            DevServerOptions = new() { ExistingPath = Environment.GetEnvironmentVariable(TemporalFactAttribute.Variable) },
        });
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Temporal","nodes":[
              {"id":"start","type":"manual"},
              {"id":"wait","type":"delay","parameters":{"duration":"00:00:01"}},
              {"id":"greet","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}"}}}
            ],"edges":[{"from":"start","to":"wait"},{"from":"wait","to":"greet"}]}
            """);
        var executionId = Guid.Parse(await engine.RunAsync(id, """{"name":"Ann"}"""));
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        using var worker = new TemporalWorker(temporal.Client,
            new TemporalWorkerOptions("bronn-test").AddWorkflow<BronnInterpreterWorkflow>().AddAllActivities(activities));

        var result = await worker.ExecuteAsync(() => temporal.Client.ExecuteWorkflowAsync(
            (BronnInterpreterWorkflow w) => w.RunAsync(new InterpreterInput(executionId)),
            new WorkflowOptions($"execution-{executionId:N}", "bronn-test")));

        Assert.Equal("succeeded", result);
        var execution = await engine.GetAsync(executionId.ToString());
        Assert.Equal("Hello Ann", execution.GetProperty("output").GetProperty("greeting").GetString());
    }

    [TemporalFact]
    public async Task An_execution_whose_workflow_never_started_is_started_by_the_recovery_sweep_and_runs()
    {
        await using var temporal = await WorkflowEnvironment.StartLocalAsync(new()
        {
            DevServerOptions = new() { ExistingPath = Environment.GetEnvironmentVariable(TemporalFactAttribute.Variable) },
        });
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Lost start","nodes":[{"id":"start","type":"manual"},{"id":"greet","type":"set","parameters":{"fields":{"greeting":"Hello {{ trigger.body.name }}"}}}],
             "edges":[{"from":"start","to":"greet"}]}
            """);
        // Committed, then the process died before starting the workflow: queued, and Temporal has never heard of it.
        var executionId = Guid.Parse(await engine.RunAsync(id, """{"name":"Ann"}"""));
        await app.Database.ScalarAsync<int>($"UPDATE executions SET created_at = now() - interval '1 minute' WHERE id = '{executionId}'");
        var launcher = new TemporalLauncher(temporal.Client, Options.Create(new TemporalOptions { TaskQueue = "bronn-test" }));
        var recovery = new TemporalLaunchRecovery(app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>(), launcher, TimeProvider.System,
            NullLogger<TemporalLaunchRecovery>.Instance);
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services);
        using var worker = new TemporalWorker(temporal.Client,
            new TemporalWorkerOptions("bronn-test").AddWorkflow<BronnInterpreterWorkflow>().AddAllActivities(activities));

        var result = await worker.ExecuteAsync(async () =>
        {
            Assert.Equal(1, await recovery.SweepAsync(CancellationToken.None));
            Assert.Equal(0, await recovery.SweepAsync(CancellationToken.None)); // already started: left alone
            return await temporal.Client.GetWorkflowHandle(TemporalLauncher.WorkflowIdOf(executionId)).GetResultAsync<string>();
        });

        Assert.Equal("succeeded", result);
    }

    [TemporalFact]
    public async Task A_schedule_trigger_runs_through_a_temporal_schedule_and_is_removed_on_deactivation()
    {
        await using var temporal = await WorkflowEnvironment.StartLocalAsync(new()
        {
            DevServerOptions = new() { ExistingPath = Environment.GetEnvironmentVariable(TemporalFactAttribute.Variable) },
        });
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Every second on Temporal","nodes":[
              {"id":"tick","type":"schedule","parameters":{"cron":"* * * * * *","timeZone":"Europe/Paris"}},
              {"id":"note","type":"set","parameters":{"fields":{"at":"{{ trigger.firedAt }}"}}}
            ],"edges":[{"from":"tick","to":"note"}]}
            """);
        var services = app.Services;
        var sync = new TemporalScheduleSync(services.GetRequiredService<IDbContextFactory<BronnDbContext>>(), app.Services.GetRequiredService<ActiveTriggers>(), temporal.Client,
            Options.Create(new TemporalOptions { Address = "test", TaskQueue = "bronn-test" }), TimeProvider.System, NullLogger<TemporalScheduleSync>.Instance);
        var scheduleActivities = new ScheduleActivities(services.GetRequiredService<IDbContextFactory<BronnDbContext>>(), app.Services.GetRequiredService<ActiveTriggers>(), TimeProvider.System);
        var activities = ActivatorUtilities.CreateInstance<ExecutionActivities>(services);
        using var worker = new TemporalWorker(temporal.Client, new TemporalWorkerOptions("bronn-test")
            .AddWorkflow<BronnInterpreterWorkflow>().AddWorkflow<BronnScheduledRunWorkflow>()
            .AddAllActivities(activities).AddAllActivities(scheduleActivities));

        await worker.ExecuteAsync(async () =>
        {
            Assert.Equal(1, await sync.SyncAsync(default));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{id}' AND status = 'succeeded'") < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "no scheduled execution succeeded within 30 s");
                await Task.Delay(200);
            }
            await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/deactivate");
            Assert.Equal(1, await sync.SyncAsync(default));
        });

        // One execution per fire time, however the schedule and its retries behaved.
        Assert.Equal(0, await engine.CountAsync(
            $"SELECT count(*) FROM (SELECT fire_time FROM schedule_fires WHERE workflow_id = '{id}' GROUP BY fire_time HAVING count(*) > 1) d"));
        await Assert.ThrowsAsync<RpcException>(() => temporal.Client.GetScheduleHandle(TemporalSchedules.IdOf(Guid.Parse(id))).DescribeAsync());
    }
}
