using System.Net;
using System.Text;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Startup;
using Xunit.Abstractions;

namespace Bronn.Web.Tests.Engine;

/// <summary>
/// The durability promise under load: webhooks keep arriving for two minutes while the engine process is killed with
/// SIGKILL 5-10 s into its work, again and again, and started again. The web app here only accepts work; the engine runs in Bronn.Worker.
/// </summary>
[Collection(Bronn.Web.Tests.Startup.KilledProcesses.Name)]
public sealed class ChaosTests(NoEngineAppFactory app, ITestOutputHelper output) : IClassFixture<NoEngineAppFactory>
{
    private static readonly TimeSpan Firing = TimeSpan.FromMinutes(2);
    private const int Kills = 10;
    /// <summary>A loaded machine restarts the worker slowly: firing goes on past two minutes until the tenth kill, never past five.</summary>
    private static readonly TimeSpan MostFiring = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Accepted_runs_all_succeed_under_repeated_kills_and_only_calls_in_flight_at_a_kill_repeat_with_the_same_key()
    {
        await using var sink = await ChaosSink.StartAsync();
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (workflowId, workflow) = await engine.PublishAsync("""
            {"name":"Chaos","nodes":[
              {"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},
              {"id":"a","type":"http.request","parameters":{"method":"POST","url":"__SINK__a","bodyType":"json","body":"{\"n\": {{ trigger.body.n }} }"}},
              {"id":"wait","type":"delay","parameters":{"duration":"00:00:01"}},
              {"id":"b","type":"http.request","parameters":{"method":"POST","url":"__SINK__b","bodyType":"json","body":"{\"n\": {{ trigger.body.n }} }"}}
            ],"edges":[{"from":"hook","to":"a"},{"from":"a","to":"wait"},{"from":"wait","to":"b"}]}
            """.Replace("__SINK__", sink.BaseAddress.ToString(), StringComparison.Ordinal));
        var hook = new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery;

        var kills = new List<(DateTime Sent, DateTime Dead)>();
        var killsAtWork = 0;
        var fired = TimeSpan.Zero;
        var worker = StartWorker();
        var deliveries = new List<Task<(int N, HttpResponseMessage Answer)>>();
        try
        {
            using var firing = new CancellationTokenSource(MostFiring);
            var started = DateTime.UtcNow;
            bool Done() => firing.IsCancellationRequested || (DateTime.UtcNow - started >= Firing && KillCount() >= Kills);
            int KillCount()
            {
                lock (kills)
                {
                    return kills.Count;
                }
            }
            // Kills on their own clock, whatever the webhooks' answer times on a loaded machine: 5-10 s after the worker
            // began calling the sink, so that a kill finds it at work. Not sooner: a kill at its first call, which a slow
            // start made due already, caught the same oldest runs in flight at every start, as a run that kills its engine would be.
            var killing = Task.Run(async () =>
            {
                var random = new Random(7);
                var workerStarted = DateTime.UtcNow;
                while (!Done())
                {
                    var atWork = await sink.CalledSinceAsync(workerStarted, TimeSpan.FromSeconds(60));
                    await Task.Delay(TimeSpan.FromSeconds(random.Next(5, 11)), CancellationToken.None);
                    if (Done())
                    {
                        break;
                    }
                    var sent = DateTime.UtcNow;
                    worker.Kill();
                    lock (kills)
                    {
                        kills.Add((sent, DateTime.UtcNow));
                        killsAtWork += atWork ? 1 : 0;
                    }
                    worker.Dispose();
                    workerStarted = DateTime.UtcNow;
                    worker = StartWorker();
                }
            });
            // A delivery every 200 ms, each on its own: a slow answer does not slow the rate.
            for (var n = 1; !Done(); n++)
            {
                var number = n;
                deliveries.Add(Task.Run(async () => (number, await client.PostAsync(hook,
                    new StringContent($$"""{"n":{{number}}}""", Encoding.UTF8, "application/json")))));
                await Task.Delay(200);
            }
            await killing;
            fired = DateTime.UtcNow - started;
            await Task.WhenAll(deliveries);
        }
        finally
        {
            await Task.WhenAll(deliveries.Select(d => d.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
        var accepted = new Dictionary<int, string>();
        var refused = 0;
        foreach (var (n, answer) in await Task.WhenAll(deliveries))
        {
            if (answer.StatusCode == HttpStatusCode.Accepted)
            {
                accepted[n] = (await answer.JsonAsync()).GetProperty("executionId").GetString()!;
            }
            else
            {
                refused++;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode); // a refusal, never a 500
            }
        }
        try
        {
            await WaitForAllFinishedAsync(workflowId, accepted.Count, worker);
        }
        finally
        {
            worker.Dispose();
        }

        var byStatus = await StatusCountsAsync(workflowId);
        var calls = sink.Calls.ToList();
        var groups = calls.GroupBy(c => (c.N, c.Name)).ToList();
        var repeats = groups.Where(g => g.Count() > 1).ToList();
        var figures = $"{accepted.Count} webhooks accepted ({refused} refused) in {fired.TotalSeconds:0} s; {kills.Count} kills ({killsAtWork} of a worker at work); " +
            $"statuses: {string.Join(", ", byStatus.Select(s => $"{s.Key} {s.Value}"))}; {calls.Count} calls for {groups.Count} steps; " +
            $"{repeats.Count} steps repeated ({repeats.Sum(g => g.Count() - 1)} extra calls)";
        output.WriteLine(figures);
        // ./bronn test prints the figures files it finds after the run.
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "chaos.figures.txt"), "chaos test: " + figures + Environment.NewLine);

        Assert.True(kills.Count >= Kills, $"only {kills.Count} kills in {fired.TotalSeconds:0} s");
        Assert.True(killsAtWork == kills.Count, $"{kills.Count - killsAtWork} kill(s) came before the worker had called the sink in a minute");
        if (byStatus.GetValueOrDefault("succeeded") != accepted.Count)
        {
            var why = await app.Database.ScalarAsync<string>(
                $"SELECT string_agg(DISTINCT status || ': ' || COALESCE(error, '-') || ' (crashes ' || crashes || ')', ' | ') FROM executions WHERE workflow_id = '{workflowId}' AND status <> 'succeeded'");
            Assert.Fail($"{accepted.Count - byStatus.GetValueOrDefault("succeeded")} accepted runs did not succeed: {why}");
        }
        Assert.Equal(accepted.Count, byStatus.Values.Sum());
        foreach (var n in accepted.Keys)
        {
            Assert.True(groups.Any(g => g.Key == (n, "a")) && groups.Any(g => g.Key == (n, "b")), $"run {n} did not reach the sink with both calls");
        }
        foreach (var repeat in repeats)
        {
            var attempts = repeat.OrderBy(c => c.At).ToList();
            Assert.Single(attempts.Select(c => c.IdempotencyKey).Distinct()); // every repeat carries the first attempt's key
            Assert.NotNull(attempts[0].IdempotencyKey);
            // In flight at a kill: the engine died after the call was made and before it could record it.
            Assert.True(kills.Any(k => k.Dead >= attempts[0].At && k.Sent <= attempts[^1].At),
                $"call {repeat.Key.Name} of run {repeat.Key.N} was repeated without a kill in between: calls at " +
                $"{string.Join(", ", attempts.Select(c => c.At.ToString("HH:mm:ss.fff")))}; kills at {string.Join(", ", kills.Select(k => k.Sent.ToString("HH:mm:ss.fff")))}");
        }
    }

    private BuiltApp StartWorker() => ServerProcess.Worker(app.Database);

    private async Task WaitForAllFinishedAsync(string workflowId, int count, BuiltApp worker)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var finished = await app.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM executions WHERE workflow_id = '{workflowId}' AND status IN ('succeeded', 'failed', 'cancelled')");
            if (finished >= count)
            {
                return;
            }
            await Task.Delay(500);
        }
        Assert.Fail($"not every run finished; the last worker {(worker.HasExited ? "exited" : "ran")}, saying: {worker.Output}");
    }

    private async Task<Dictionary<string, long>> StatusCountsAsync(string workflowId)
    {
        var counts = new Dictionary<string, long>();
        foreach (var status in Bronn.Core.Execution.Data.ExecutionStatus.All)
        {
            var count = await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE workflow_id = '{workflowId}' AND status = '{status}'");
            if (count > 0)
            {
                counts[status] = count;
            }
        }
        return counts;
    }
}
