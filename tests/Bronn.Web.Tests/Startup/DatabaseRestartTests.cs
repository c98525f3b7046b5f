using System.Net;
using System.Text;
using Bronn.Testing;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Startup;

/// <summary>
/// PostgreSQL stopped the hard way (`pg_ctl stop -m immediate`) under a running Bronn.Web with its engine, then started
/// again: Bronn refuses clearly while it is down and recovers by itself, without a restart.
/// </summary>
[Collection(Bronn.Web.Tests.Startup.KilledProcesses.Name)]
public sealed class DatabaseRestartTests
{
    [Fact]
    public async Task While_postgres_is_down_bronn_answers_503_and_when_it_is_back_resumes_every_accepted_run_and_reconnects()
    {
        await using var sink = await ProviderStandIn.StartAsync();
        await using var cluster = await PrivateCluster.StartAsync();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?> { ["Engine__MinScheduleInterval"] = "00:00:01" },
            await TestDatabase.CreateAsync(cluster.ConnectionString));
        var engine = await server.SignInAsync();
        var (_, delayed) = await engine.PublishAsync("""
            {"name":"Accepted before","nodes":[
              {"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},
              {"id":"wait","type":"delay","parameters":{"duration":"00:00:04"}},
              {"id":"call","type":"http.request","parameters":{"url":"__SINK__echo-query"}}
            ],"edges":[{"from":"hook","to":"wait"},{"from":"wait","to":"call"}]}
            """.Replace("__SINK__", sink.BaseAddress.ToString(), StringComparison.Ordinal));
        var (tickerId, _) = await engine.PublishAsync("""
            {"name":"Ticker","nodes":[{"id":"tick","type":"schedule","parameters":{"cron":"* * * * * *"}},{"id":"set","type":"set","parameters":{"fields":{"a":"1"}}}],
             "edges":[{"from":"tick","to":"set"}]}
            """);
        var hook = new Uri(delayed.GetProperty("webhookUrl").GetString()!).PathAndQuery;
        var accepted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var answer = await server.Client.PostAsync(hook, Json());
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            accepted.Add((await answer.JsonAsync()).GetProperty("executionId").GetString()!);
        }
        await WaitUntilAsync(async () => await ListeningChannelsAsync(server) == 3, "the LISTEN connections are in place");

        await cluster.StopImmediatelyAsync();
        var webhook = await server.Client.PostAsync(hook, Json());
        var api = await server.Client.GetAsync("/api/workflows");
        var ready = await server.Client.GetAsync("/healthz/ready");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the monitor behind the screens' banner looks every 2 s
        var page = await server.Client.GetWithCookieAsync("/workflows", engine.Token);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the accepted runs' delays end while the database is down
        await cluster.StartAgainAsync();
        var back = DateTime.UtcNow;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, webhook.StatusCode);
        Assert.NotNull(webhook.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        // A page that says so (the banner, or the outage page when the page itself needed the database), not an error page.
        Assert.Contains(page.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        Assert.Contains("cannot reach its database", await page.Content.ReadAsStringAsync());

        // Back by itself: ready, every run accepted before the outage completes, new deliveries run, pollers and LISTEN resume.
        await WaitUntilAsync(async () => (await server.Client.GetAsync("/healthz/ready")).IsSuccessStatusCode, "ready again");
        foreach (var id in accepted)
        {
            Assert.Equal("succeeded", (await engine.WaitAsync(id, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
        }
        Assert.Equal(5, sink.EchoCalls);
        var after = await server.Client.PostAsync(hook, Json());
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        Assert.Equal("succeeded", (await engine.WaitAsync((await after.JsonAsync()).GetProperty("executionId").GetString()!,
            TimeSpan.FromSeconds(30))).GetProperty("status").GetString());
        await WaitUntilAsync(async () => await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM executions WHERE workflow_id = '{tickerId}' AND created_at > '{back:O}'") > 0, "the schedule fires again");
        await WaitUntilAsync(async () => await ListeningChannelsAsync(server) == 3, "the LISTEN connections are back");
        Assert.DoesNotContain("Unhandled exception", server.App.Output);
    }

    private static StringContent Json() => new("{}", Encoding.UTF8, "application/json");

    private static Task<long> ListeningChannelsAsync(ServerProcess server) => server.Database.ScalarAsync<long>(
        $"SELECT count(DISTINCT query) FROM pg_stat_activity WHERE datname = '{server.Database.Name}' AND query LIKE 'LISTEN %'");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or Npgsql.NpgsqlException)
            {
                // not yet
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(250);
        }
    }
}
