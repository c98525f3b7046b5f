using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Triggers;
using Bronn.Core.Integrations;
using Bronn.Core.Workflows;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Engine;

/// <summary>Schedules firing every second, which the default Engine:MinScheduleInterval (one minute) refuses.</summary>
public sealed class FastScheduleAppFactory : BronnAppFactory
{
    public FastScheduleAppFactory() => Settings["Engine:MinScheduleInterval"] = "00:00:01";
}

public sealed class ScheduleTests(FastScheduleAppFactory app) : IClassFixture<FastScheduleAppFactory>
{
    [Fact]
    public async Task Two_engines_turn_each_fire_time_into_exactly_one_execution()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Every second","nodes":[
              {"id":"tick","type":"schedule","parameters":{"cron":"* * * * * *","timeZone":"Europe/Paris"}},
              {"id":"note","type":"set","parameters":{"fields":{"at":"{{ trigger.firedAt }}"}}}
            ],"edges":[{"from":"tick","to":"note"}]}
            """);

        // The app's own scheduler ticks every 500 ms; a second, independent engine races it.
        await using var other = SecondEngine();
        var scheduler = other.GetRequiredService<ScheduleTriggerService>();
        var until = DateTime.UtcNow.AddSeconds(4);
        while (DateTime.UtcNow < until)
        {
            await scheduler.TickAsync(default);
            await Task.Delay(100);
        }
        await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/deactivate");

        var fires = await engine.CountAsync($"SELECT count(*) FROM schedule_fires WHERE workflow_id = '{id}'");
        var executions = await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{id}'");
        var distinctFires = await engine.CountAsync($"SELECT count(DISTINCT trigger_data->>'firedAt') FROM executions WHERE workflow_id = '{id}'");
        Assert.InRange(fires, 2, 10); // about one a second for ~4 s; the equalities below are the point
        Assert.Equal(fires, executions);
        Assert.Equal(executions, distinctFires);
    }

    private ServiceProvider SecondEngine() => SecondProcess.Build(app, services => services.AddSingleton<ScheduleTriggerService>());
}
