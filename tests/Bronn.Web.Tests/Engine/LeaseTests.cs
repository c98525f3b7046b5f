using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

public sealed class LeaseTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    [Fact]
    public async Task A_run_whose_lease_lapses_while_this_process_still_runs_it_is_not_started_a_second_time()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Lapsing","nodes":[{"id":"start","type":"manual"},
              {"id":"call","type":"http.request","parameters":{"url":"__SLOW__slow?ms=2500","timeout":"00:00:20"},"settings":{"retry":{"attempts":1}}}],
             "edges":[{"from":"start","to":"call"}]}
            """.Replace("__SLOW__", slow.BaseAddress.ToString(), StringComparison.Ordinal));
        var executionId = await engine.RunAsync(id);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (slow.SlowCalls == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the call never started");
            await Task.Delay(20);
        }
        // What a starved machine does to renewals: the lease lapses while the call is in flight, poll after poll.
        for (var i = 0; i < 15; i++)
        {
            await app.Database.ExecuteAsync($"UPDATE executions SET lease_expires_at = now() - interval '1 minute' WHERE id = '{executionId}' AND status = 'running'");
            await Task.Delay(100);
        }
        var execution = await engine.WaitAsync(executionId, TimeSpan.FromSeconds(30));

        Assert.Equal("succeeded", execution.GetProperty("status").GetString());
        Assert.Equal(1, slow.SlowCalls);
        Assert.Equal(0, await app.Database.ScalarAsync<int>($"SELECT crashes FROM executions WHERE id = '{executionId}'"));
    }
}
