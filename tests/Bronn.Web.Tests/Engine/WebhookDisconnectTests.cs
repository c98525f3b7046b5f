using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>Callers that hang up mid-request: every delivery that was accepted runs, and nothing logs an error.</summary>
public sealed class WebhookDisconnectTests(WebhookDisconnectTests.App app) : IClassFixture<WebhookDisconnectTests.App>
{
    /// <summary>A small pool: 200 callers at once must not take the shared test cluster's connections from other tests.</summary>
    public sealed class App : BronnAppFactory
    {
        protected override string ConnectionStringFor(TestDatabase database) => database.ConnectionString + ";Maximum Pool Size=20";
    }

    [Fact]
    public async Task Callers_that_disconnect_mid_request_leave_no_error_in_the_log_and_no_run_unfinished()
    {
        var client = app.CreateApiClient();
        var user = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, workflow) = await user.PublishAsync("""
            {"name":"Hung up","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},{"id":"set","type":"set","parameters":{"fields":{"a":"1"}}}],
             "edges":[{"from":"hook","to":"set"}]}
            """);
        var hook = workflow.GetProperty("webhookUrl").GetString()!;
        var logged = app.Logs.Lines.Count; // the test app's start-up (before its migration) is not this test's business

        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            using var caller = app.CreateApiClient();
            using var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(1 + i % 60));
            try
            {
                await caller.PostAsync(hook, new StringContent("{\"n\":" + i + "}", System.Text.Encoding.UTF8, "application/json"), hangUp.Token);
            }
            catch (OperationCanceledException)
            {
                // The caller hung up; whether its delivery was accepted depends on when.
            }
        });
        await Task.WhenAll(calls);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE workflow_id = '{id}' AND status <> 'succeeded'") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM executions WHERE workflow_id = '{id}' AND status <> 'succeeded'"));
        var errors = app.Logs.Lines.Skip(logged).Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n---\n", errors.Select(e => e.Length > 1500 ? e[..1500] : e)));
    }
}
