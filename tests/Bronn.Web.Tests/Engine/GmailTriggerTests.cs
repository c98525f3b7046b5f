using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Triggers;
using Bronn.Core.Integrations;
using Bronn.Core.Integrations.Providers.Google;
using Bronn.Core.Workflows;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Integrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Engine;

public sealed class GmailTriggerTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    [Fact]
    public async Task Each_new_matching_message_starts_one_execution_across_racing_pollers_and_republishing()
    {
        var client = app.CreateApiClient();
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        await client.ConnectAsync(token, "gmail");
        var userId = Guid.Parse((await (await client.GetWithTokenAsync("/api/auth/me", token)).JsonAsync()).GetProperty("id").GetString()!);
        var engine = new EngineSteps(app, client, token);
        var (id, _) = await engine.PublishAsync("""
            {"name":"Invoices","nodes":[
              {"id":"mail","type":"gmail.new_message","parameters":{"query":"in:inbox invoice","pollInterval":"00:00:01"}},
              {"id":"note","type":"set","parameters":{"fields":{"subject":"{{ trigger.subject }}"}}}
            ],"edges":[{"from":"mail","to":"note"}]}
            """);
        await WaitForAsync(() => engine.CountAsync($"SELECT count(*) FROM trigger_cursors WHERE workflow_id = '{id}'"), 1, engine, id);

        var gmail = app.Services.GetRequiredService<GmailClient>();
        await gmail.SendAsync(userId, new EmailToSend(["me@example.com"], "Invoice 1", "one"));
        await gmail.SendAsync(userId, new EmailToSend(["me@example.com"], "Lunch?", "no"));
        await gmail.SendAsync(userId, new EmailToSend(["me@example.com"], "Invoice 2", "two"));
        await using (var other = SecondEngine())
        {
            var poller = other.GetRequiredService<GmailTriggerService>();
            var until = DateTime.UtcNow.AddSeconds(3);
            while (DateTime.UtcNow < until)
            {
                await poller.PollDueAsync(default);
                await Task.Delay(100);
            }
        }
        Assert.Equal(2, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{id}'"));

        await engine.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/publish"); // republishing keeps the cursor
        await gmail.SendAsync(userId, new EmailToSend(["me@example.com"], "Invoice 3", "three"));
        await WaitForAsync(() => engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{id}'"), 3, engine, id);
        await Task.Delay(1500);

        Assert.Equal(3, await engine.CountAsync($"SELECT count(*) FROM executions WHERE workflow_id = '{id}'"));
        Assert.Equal(3, await engine.CountAsync($"SELECT count(DISTINCT trigger_data->>'subject') FROM executions WHERE workflow_id = '{id}' AND trigger_data->>'subject' LIKE 'Invoice%'"));
    }

    /// <summary>Polls once a second; generous, as a CI machine running the browser tests beside may starve it for seconds.</summary>
    private async Task WaitForAsync(Func<Task<long>> count, long expected, EngineSteps engine, string workflowId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (await count() < expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                var cursor = await engine.CountAsync($"SELECT coalesce((SELECT cursor::bigint FROM trigger_cursors WHERE workflow_id = '{workflowId}'), -1)");
                var warnings = app.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)
                    || l.StartsWith("Critical", StringComparison.Ordinal)).TakeLast(10).Select(l => l.Length > 600 ? l[..600] : l);
                Assert.Fail($"waited 45 s for {expected}: {await count()} so far; cursor {cursor}, the stand-in's mailbox holds "
                    + $"{app.Provider.SentMails.Count} message(s); the app's last warnings:{Environment.NewLine}{string.Join(Environment.NewLine, warnings)}");
            }
            await Task.Delay(100);
        }
    }

    private ServiceProvider SecondEngine() => SecondProcess.Build(app, services => services.AddSingleton<GmailTriggerService>());
}
