using Bronn.Core.Data;
using Bronn.Core.Execution.Temporal;
using Bronn.Core.Execution.Triggers;
using Bronn.Core.Workflows;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;
using Temporalio.Client.Schedules;
using Temporalio.Testing;

namespace Bronn.Web.Tests.Engine;

/// <summary>
/// Schedule triggers on the Temporal backend: the Temporal schedule each active workflow gets, and the activity a
/// schedule's run starts with (run with ActivityEnvironment against the real database; no server is available here).
/// </summary>
public sealed class TemporalScheduleTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_schedule_trigger_becomes_a_temporal_schedule_with_its_cron_zone_and_missed_fire_policy()
    {
        var definition = WorkflowStore.Parse("""
            {"name":"Report","settings":{"missedSchedules":"run_once"},"nodes":[
              {"id":"tick","type":"schedule","parameters":{"cron":"30 0 9 * * MON-FRI","timeZone":"Europe/Berlin"}}],"edges":[]}
            """);
        var workflowId = Guid.NewGuid();

        var schedule = TemporalSchedules.Describe(workflowId, definition, definition.Nodes![0], "bronn");

        Assert.Equal(["30 0 9 * * MON-FRI *"], schedule.Spec.CronExpressions); // seconds-first six fields -> Temporal's seven
        Assert.Equal("Europe/Berlin", schedule.Spec.TimeZoneName);
        Assert.Equal(ScheduleOverlapPolicy.AllowAll, schedule.Policy.Overlap);
        Assert.True(schedule.Policy.CatchupWindow >= TimeSpan.FromDays(1));
        var action = Assert.IsType<ScheduleActionStartWorkflow>(schedule.Action);
        Assert.Equal("BronnScheduledRunWorkflow", action.Workflow);
        Assert.Equal("bronn", action.Options.TaskQueue);
        Assert.Equal(new ScheduledRunInput(workflowId), Assert.Single(action.Args));
        Assert.Equal($"bronn-schedule-{workflowId:N}", TemporalSchedules.IdOf(workflowId));
        Assert.Equal("0 9 * * *", TemporalSchedules.ToTemporalCron("0 9 * * *"));

        var skipping = WorkflowStore.Parse("""{"name":"R","nodes":[{"id":"t","type":"schedule","parameters":{"cron":"0 9 * * *"}}],"edges":[]}""");
        Assert.Equal(ScheduleTriggerService.MissedAfter, TemporalSchedules.Describe(workflowId, skipping, skipping.Nodes![0], "bronn").Policy.CatchupWindow);
    }

    [Fact]
    public async Task A_fire_becomes_one_execution_however_often_the_activity_runs()
    {
        var (engine, id) = await PublishHourlyAsync("skip");
        var activities = Activities();
        var fire = new ScheduledFireRequest(id, Now.AddSeconds(-10)); // 10 s ago: on time

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => new ActivityEnvironment().RunAsync(() => activities.StartScheduledRunAsync(fire))));

        var executionId = Assert.Single(results.Distinct());
        Assert.NotNull(executionId);
        Assert.Equal(1, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{id}'"));
        var execution = await engine.GetAsync(executionId.ToString()!);
        Assert.Equal("schedule", execution.GetProperty("trigger").GetString());
        Assert.Equal(["tick"], EngineSteps.Steps(execution).Select(s => s.Node)); // the trigger's step, written with it
    }

    [Fact]
    public async Task Missed_fires_are_skipped_or_only_the_latest_runs_once_per_the_workflow_setting()
    {
        var activities = Activities();
        var (skipEngine, skipping) = await PublishHourlyAsync("skip");
        Assert.Null(await activities.StartScheduledRunAsync(new(skipping, Now.AddMinutes(-30)))); // 10:00, noticed at 10:30
        Assert.Equal(1, await skipEngine.CountAsync($"SELECT count(*) FROM schedule_fires WHERE workflow_id = '{skipping}'"));

        var (engine, running) = await PublishHourlyAsync("run_once");
        Assert.Null(await activities.StartScheduledRunAsync(new(running, Now.AddHours(-2).AddMinutes(-30)))); // 08:00: 09:00 was missed too
        Assert.Null(await activities.StartScheduledRunAsync(new(running, Now.AddHours(-1).AddMinutes(-30)))); // 09:00: 10:00 was missed too
        Assert.NotNull(await activities.StartScheduledRunAsync(new(running, Now.AddMinutes(-30)))); // 10:00: the latest
        Assert.Equal(1, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{running}'"));

        await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{running}/deactivate");
        Assert.Null(await activities.StartScheduledRunAsync(new(running, Now.AddSeconds(-5)))); // deactivated since: nothing runs
    }

    private ScheduleActivities Activities() => new(
        app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>(), app.Services.GetRequiredService<ActiveTriggers>(), new FixedClock(Now));

    private async Task<(EngineSteps Engine, Guid Id)> PublishHourlyAsync(string missed)
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Hourly","settings":{"missedSchedules":"__MISSED__"},"nodes":[
              {"id":"tick","type":"schedule","parameters":{"cron":"0 * * * *","timeZone":"UTC"}},
              {"id":"note","type":"set","parameters":{"fields":{"at":"{{ trigger.firedAt }}"}}}
            ],"edges":[{"from":"tick","to":"note"}]}
            """.Replace("__MISSED__", missed, StringComparison.Ordinal));
        return (engine, Guid.Parse(id));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
