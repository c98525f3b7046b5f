using System.Net;
using System.Text;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

public sealed class OneSlotEngineAppFactory : BronnAppFactory
{
    public OneSlotEngineAppFactory() => Settings["Engine:Parallelism"] = "1";
}

/// <summary>Webhooks answered at once start their run in this process while its engine has room, else queue it.</summary>
public sealed class ImmediateRunTests(OneSlotEngineAppFactory app) : IClassFixture<OneSlotEngineAppFactory>
{
    [Fact]
    public async Task An_accepted_run_starts_here_already_claimed_and_the_next_one_waits_queued_until_the_engine_has_room()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (_, workflow) = await engine.PublishAsync("""
            {"name":"Slow hook","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},
              {"id":"call","type":"http.request","parameters":{"url":"__SLOW__slow?ms=1500","timeout":"00:00:20"},"settings":{"retry":{"attempts":1}}}],
             "edges":[{"from":"hook","to":"call"}]}
            """.Replace("__SLOW__", slow.BaseAddress.ToString(), StringComparison.Ordinal));
        var hook = new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery;
        async Task<string> CallAsync()
        {
            var response = await client.PostAsync(hook, new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.JsonAsync()).GetProperty("executionId").GetString()!;
        }

        var first = await CallAsync();
        var firstOwner = await app.Database.ScalarAsync<string>($"SELECT status || ' ' || coalesce(lease_owner, '-') FROM executions WHERE id = '{first}'");
        var second = await CallAsync(); // the one slot is busy with the first
        var secondStatus = await app.Database.ScalarAsync<string>($"SELECT status FROM executions WHERE id = '{second}'");

        Assert.Matches(@"^running \d+:[0-9a-f]{32}$", firstOwner); // stored claimed by this process: no claim round trip
        Assert.Equal("queued", secondStatus);
        Assert.Equal("succeeded", (await engine.WaitAsync(first, TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
        Assert.Equal("succeeded", (await engine.WaitAsync(second, TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
        Assert.Equal(2, slow.SlowCalls);
        Assert.Equal(1, slow.MostSlowCallsAtOnce); // never more than Engine:Parallelism at once
    }
}
