using System.Diagnostics;
using System.Net;
using System.Text;
using Bronn.Testing.StandIns;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Startup;

/// <summary>SIGTERM, as a deploy sends it, to Bronn.Web as its own process with the embedded engine.</summary>
[Collection(Bronn.Web.Tests.Startup.KilledProcesses.Name)]
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task A_deploy_lets_callers_in_flight_finish_refuses_new_deliveries_hands_back_the_long_run_and_exits_0()
    {
        await using var slow = await ProviderStandIn.StartAsync();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?> { ["Engine__ShutdownGrace"] = "00:00:04" });
        var engine = await server.SignInAsync();
        var (_, quick) = await engine.PublishAsync(Hook("Waits for its answer", "when_finished", slow.BaseAddress + "slow?ms=1500"));
        var (_, longRun) = await engine.PublishAsync(Hook("Outlives the grace", "immediately", slow.BaseAddress + "slow?ms=20000"));
        var quickHook = new Uri(quick.GetProperty("webhookUrl").GetString()!).PathAndQuery;

        var accepted = await server.Client.PostAsync(new Uri(longRun.GetProperty("webhookUrl").GetString()!).PathAndQuery, Json());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var longId = (await accepted.JsonAsync()).GetProperty("executionId").GetString()!;
        await WaitUntilAsync(() => slow.SlowCalls == 1);
        var waiting = server.Client.PostAsync(quickHook, Json());
        await WaitUntilAsync(() => slow.SlowCalls == 2);

        var stopwatch = Stopwatch.StartNew();
        server.App.Signal("TERM");
        var refused = await FirstAnswerAsync(server.Client, quickHook);
        var ready = await server.Client.GetAsync("/healthz/ready");
        var answer = await waiting;
        var exitCode = await server.App.WaitForExitAsync(TimeSpan.FromSeconds(40));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("shutting down", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode); // the caller in flight got its result
        Assert.Equal(0, exitCode);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(25)); // waited for the grace, not for the 20 s call
        Assert.Equal(2, slow.SlowCalls); // the refused delivery started nothing
        // The long run was handed back, not abandoned: no lease to wait for, not counted as a crash.
        Assert.Equal(1, await server.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM executions WHERE id = '{longId}' AND status = 'running' AND lease_owner IS NULL AND crashes = 0"));

        using var worker = server.StartWorker(new Dictionary<string, string?> { ["Engine__LeaseDuration"] = "00:05:00" });
        await WaitUntilAsync(() => slow.SlowCalls == 3, TimeSpan.FromSeconds(60)); // resumed at once although leases last 5 minutes
        worker.Kill();
    }

    private static string Hook(string name, string respond, string url) => """
        {"name":"__NAME__","nodes":[
          {"id":"hook","type":"webhook","parameters":{"respond":"__RESPOND__"}},
          {"id":"call","type":"http.request","parameters":{"url":"__URL__","timeout":"00:01:00"},"settings":{"retry":{"attempts":1}}}
        ],"edges":[{"from":"hook","to":"call"}]}
        """.Replace("__NAME__", name, StringComparison.Ordinal).Replace("__RESPOND__", respond, StringComparison.Ordinal)
        .Replace("__URL__", url, StringComparison.Ordinal);

    private static StringContent Json() => new("{}", Encoding.UTF8, "application/json");

    /// <summary>The first answer after the signal reached the process (before that, deliveries are still taken).</summary>
    private static async Task<HttpResponseMessage> FirstAnswerAsync(HttpClient client, string hook)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var ready = await client.GetAsync("/healthz/ready");
            if (ready.StatusCode == HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return await client.PostAsync(hook, Json());
            }
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(50);
        }
    }
}
