using Bronn.Core.Data;
using Bronn.Core.Execution.Triggers;
using Bronn.Core.Workflows.Hooks;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Engine;

/// <summary>The schedule and Gmail pollers read active workflows from memory, refreshed when any process changes them.</summary>
public sealed class ActiveTriggersCacheTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Fact]
    public async Task A_schedule_deactivated_by_another_process_leaves_the_pollers_list_when_its_notification_is_heard_and_not_before()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Hourly","nodes":[{"id":"tick","type":"schedule","parameters":{"cron":"0 * * * *"}},{"id":"note","type":"set","parameters":{"fields":{"a":"1"}}}],
             "edges":[{"from":"tick","to":"note"}]}
            """);
        await app.ListeningAsync(WorkflowChanges.Channel);
        var triggers = app.Services.GetRequiredService<ActiveTriggers>();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>();
        async Task<bool> ListedAsync()
        {
            await using var db = await contexts.CreateDbContextAsync();
            return (await triggers.ListAsync(db, "schedule", CancellationToken.None)).Any(s => s.Workflow.Id == Guid.Parse(id));
        }
        Assert.True(await ListedAsync());

        await app.Database.ExecuteAsync($"UPDATE workflows SET active = false WHERE id = '{id}'"); // tells nobody
        var unheard = await ListedAsync();
        await app.Database.ExecuteAsync($"BEGIN; UPDATE workflows SET active = false WHERE id = '{id}'; SELECT pg_notify('{WorkflowChanges.Channel}', '{id}'); COMMIT;");
        var listed = true;
        for (var tries = 0; tries < 400 && listed; tries++) // the NOTIFY may take seconds on a loaded machine
        {
            await Task.Delay(50);
            listed = await ListedAsync();
        }

        Assert.True(unheard); // answered from memory: a tick costs no database read
        Assert.False(listed);
    }
}
