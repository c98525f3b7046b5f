using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

public sealed class ManualClockAppFactory : BronnAppFactory
{
    public ManualClockAppFactory() => Clock = TestClock;

    public ManualClock TestClock { get; } = new();
}

public sealed class DurableDelayTests(ManualClockAppFactory app) : IClassFixture<ManualClockAppFactory>
{
    [Fact]
    public async Task An_hour_long_delay_waits_on_the_engine_clock_and_resumes_when_it_has_passed()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Hour","nodes":[
              {"id":"start","type":"manual"},
              {"id":"wait","type":"delay","parameters":{"duration":"01:00:00"}},
              {"id":"after","type":"set","parameters":{"fields":{"done":"yes"}}}
            ],"edges":[{"from":"start","to":"wait"},{"from":"wait","to":"after"}]}
            """);
        var executionId = await engine.RunAsync(id);
        await engine.WaitAsync(executionId, "waiting");

        await Task.Delay(1000);
        Assert.Equal("waiting", (await engine.GetAsync(executionId)).GetProperty("status").GetString());

        app.TestClock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var finished = await engine.WaitAsync(executionId);

        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        Assert.Equal([("start", "succeeded"), ("wait", "succeeded"), ("after", "succeeded")], EngineSteps.Steps(finished));
    }
}
