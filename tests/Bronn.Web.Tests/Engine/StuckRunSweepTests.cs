using Bronn.Core.Execution.Health;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Engine;

public sealed class StuckRunSweepTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    [Fact]
    public async Task A_run_left_running_without_a_lease_stays_stuck_until_the_sweep_makes_it_claimable_and_then_completes()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Orphan","nodes":[{"id":"start","type":"manual"},{"id":"set","type":"set","parameters":{"fields":{"a":"1"}}}],
             "edges":[{"from":"start","to":"set"}]}
            """);
        var executionId = await engine.RunAsync(id);
        await engine.WaitAsync(executionId, "succeeded");
        // As a crash between two writes could leave it: running, its work not recorded, and no lease anybody could lapse.
        await app.Database.ExecuteAsync($"DELETE FROM execution_steps WHERE execution_id = '{executionId}' AND node_id = 'set'");
        await app.Database.ExecuteAsync($"""
            UPDATE executions SET status = 'running', finished_at = NULL, output = NULL, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = '{executionId}'
            """);

        await Heartbeat().BeatAsync(CancellationToken.None); // the factory migrates after the first beat
        await Task.Delay(TimeSpan.FromSeconds(1)); // several dispatcher polls
        Assert.Equal("running", (await engine.GetAsync(executionId)).GetProperty("status").GetString());
        var sweep = await app.Services.GetRequiredService<StuckRunSweep>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, sweep.Orphaned);
        Assert.True(sweep.EnginesAlive >= 1);
        var execution = await engine.WaitAsync(executionId, "succeeded");
        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Contains(EngineSteps.Steps(execution), s => s == ("set", "succeeded"));
        Assert.Equal(0, (await app.Services.GetRequiredService<StuckRunSweep>().SweepAsync(CancellationToken.None)).Orphaned);
    }

    [Fact]
    public async Task Each_engine_process_says_it_is_alive()
    {
        await Heartbeat().BeatAsync(CancellationToken.None);

        Assert.Equal(1, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM engine_processes WHERE process_id = {Environment.ProcessId} AND seen_at > now() - interval '1 minute'"));
    }

    private EngineHeartbeat Heartbeat() => app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<EngineHeartbeat>().Single();
}
