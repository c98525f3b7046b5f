using System.Net;
using Bronn.Testing;
using Bronn.Web.Tests.Api;

namespace Bronn.Web.Tests.Engine;

/// <summary>
/// Webhooks are looked up in memory, not in the database per request; a change by any process reaches every process's
/// memory through NOTIFY from the changing transaction.
/// </summary>
public sealed class HookCacheTests(BronnAppFactory app) : IClassFixture<BronnAppFactory>
{
    private async Task<(EngineSteps User, string Id, string Hook)> HookAsync()
    {
        var client = app.CreateApiClient();
        var user = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, workflow) = await user.PublishAsync("""
            {"name":"Cached","nodes":[{"id":"hook","type":"webhook","parameters":{"respond":"immediately"}},{"id":"set","type":"set","parameters":{"fields":{"a":"1"}}}],
             "edges":[{"from":"hook","to":"set"}]}
            """);
        return (user, id, new Uri(workflow.GetProperty("webhookUrl").GetString()!).PathAndQuery);
    }

    private Task<HttpResponseMessage> CallAsync(string hook) =>
        app.CreateApiClient().PostAsync(hook, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Deactivating_through_bronn_stops_the_webhook_at_once()
    {
        var (user, id, hook) = await HookAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await CallAsync(hook)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(HttpMethod.Post, $"/api/workflows/{id}/deactivate")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(hook)).StatusCode);
    }

    [Fact]
    public async Task A_change_made_by_another_process_is_heard_through_its_notification_and_without_one_the_database_is_not_read()
    {
        var (_, id, hook) = await HookAsync();
        await app.ListeningAsync(Bronn.Core.Workflows.Hooks.WorkflowChanges.Channel);
        Assert.Equal(HttpStatusCode.Accepted, (await CallAsync(hook)).StatusCode);

        // A write that tells nobody: the webhook is answered from memory, so it still runs.
        await app.Database.ExecuteAsync($"UPDATE workflows SET active = false WHERE id = '{id}'");
        var unheard = await CallAsync(hook);
        // Another process's deactivation: the same change with its NOTIFY, in one transaction.
        await app.Database.ExecuteAsync($"BEGIN; UPDATE workflows SET active = false WHERE id = '{id}'; SELECT pg_notify('{Bronn.Core.Workflows.Hooks.WorkflowChanges.Channel}', '{id}'); COMMIT;");
        var status = HttpStatusCode.Accepted;
        for (var tries = 0; tries < 400 && status != HttpStatusCode.NotFound; tries++) // the NOTIFY may take seconds on a loaded machine
        {
            await Task.Delay(50);
            status = (await CallAsync(hook)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Accepted, unheard.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
